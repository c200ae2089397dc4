// The worker's workflowsPath: only workflow functions here, nothing that touches Node.
export { cleanupFilesWorkflow } from './cleanup-workflow';
export { operationWorkflow } from './operation-workflow';
