// One workflows file per worker: this team's own workflows, and the operation workflows beside them.
export * from '@temporal-operations/jobs/workflows';

/** A workflow of the team's own, unrelated to operations. */
export async function greetWorkflow(name: string): Promise<string> {
  return `Hello, ${name}`;
}
