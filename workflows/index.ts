// The worker's workflowsPath: only workflow functions here, nothing that touches Node.
export { operationWorkflow } from './operation-workflow';
