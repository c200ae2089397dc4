/** A dev server binary built from a Go module at a pinned version. */
export interface BinarySpec {
  /** Human name for messages. */
  label: string;
  /** File name of the built command. */
  command: string;
  /** The file `go install` writes (the package's last element), when it is not `command`. */
  goBinaryName?: string;
  /** Go package path of the command. */
  goPackage: string;
  version: string;
  ldflags?: string;
  /** Environment variable that points at an existing binary instead. */
  pathVariable: string;
  /** Environment variable that points at a running service instead (then nothing starts). */
  serviceVariable: string;
}
