// The largest page a list returns: the subgraphs refuse more, and the gateway's cost estimate
// assumes it when an operation does not say, so both read the one number.
export const MAX_PAGE_SIZE = 100;
