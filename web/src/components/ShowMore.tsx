/** The "Show N more" button under a paged list: the next page after `endCursor`, while there is one. */
export function ShowMore({ pageInfo, pageSize, loading, onMore }: { pageInfo: { hasNextPage: boolean; endCursor?: string | null } | undefined; pageSize: number; loading: boolean; onMore: (after: string | null | undefined) => void }) {
  if (!pageInfo?.hasNextPage) return null;
  return (
    <button type="button" disabled={loading} onClick={() => onMore(pageInfo.endCursor)}>
      {loading ? 'Loading…' : `Show ${pageSize} more`}
    </button>
  );
}
