/** The last non-empty line of a process's output, for a one-line error message. */
export function lastLine(output: string | undefined): string {
  const lines = (output ?? '').split('\n').map((line) => line.trim());
  return lines.filter(Boolean).at(-1) ?? 'no output';
}
