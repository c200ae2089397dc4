/**
 * Another service of the team starting a report for one of its users through the API, and
 * following it to the end. API_TOKEN is a service token whose `sub` is that user.
 */
import { createOperationsHttpClient } from '@temporal-operations/client/http';

const client = createOperationsHttpClient({
  baseUrl: process.env.API_URL ?? 'http://127.0.0.1:3000',
  token: process.env.API_TOKEN ?? '',
});

const month = process.argv[2] ?? '2026-11';
const started = await client.startOperation({ job: 'CsvReportJob', params: { month } });
console.log(`started ${started.id}`);
for await (const operation of client.watchOperation(started.id)) {
  console.log(`${operation.status} ${operation.percentage ?? 0}%`);
  if (operation.status === 'completed')
    console.log(`done: ${operation.output.message} (${operation.output.file?.name})`);
  if (operation.status === 'failed') console.log(`failed: ${operation.error?.message}`);
}
