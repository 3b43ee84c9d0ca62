// One status line on a terminal, rewritten in place; nothing when CI=true or output is not a terminal.
const live = Boolean(process.stdout.isTTY) && !process.env.CI;

export function status(text: string): void {
  if (live) process.stdout.write(`\r\x1b[K${text}`);
}

/** Ends the status line (so what is printed next starts on a fresh line). */
export function statusDone(): void {
  if (live) process.stdout.write('\r\x1b[K');
}

/** A line worth keeping (a phase starting): printed on a terminal, quiet under CI. */
export function note(text: string): void {
  if (live) console.log(text);
}
