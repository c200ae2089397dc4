/**
 * bench:live's API process: the real API (`runApi`) with the bench jobs, whose Temporal
 * connection counts every gRPC call by method. The parent asks for the counts over IPC
 * (`'calls'` answers them and starts counting afresh).
 */
import { Connection } from '@temporalio/client';
import { runApi } from '../../services/api/run-api';
import { benchJobRegistry } from '../jobs';

const calls = new Map<string, number>();

function counted(connection: Connection): Connection {
  const service = connection.workflowService;
  const counting = new Proxy(service, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        calls.set(property, (calls.get(property) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  Object.defineProperty(connection, 'workflowService', { value: counting });
  return connection;
}

const lazy = Connection.lazy.bind(Connection);
Connection.lazy = (options) => counted(lazy(options));

process.on('message', (message) => {
  if (message !== 'calls') return;
  process.send?.({ calls: Object.fromEntries(calls) });
  calls.clear();
});

runApi(benchJobRegistry).catch((error: unknown) => {
  console.error('Bench API stopped:', error);
  process.exit(1);
});
