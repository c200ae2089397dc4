import { Type, type Static } from 'typebox';

/** A job the deployment runs, with the JSON Schema its params must satisfy. */
export const JobDescription = Type.Object({
  name: Type.String(),
  description: Type.String(),
  paramsSchema: Type.Object({}, { additionalProperties: true, description: "The job's params as a JSON Schema" }),
});

export const JobList = Type.Object({ jobs: Type.Array(JobDescription) });
export type JobList = Static<typeof JobList>;
