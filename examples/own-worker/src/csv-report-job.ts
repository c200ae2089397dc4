import { OperationJob } from '@temporal-operations/jobs';
import { Type, type Static } from 'typebox';
import { ordersOf } from './orders.js';

const ReportParams = Type.Object(
  {
    month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'e.g. 2026-11' }),
    orders: Type.Integer({ minimum: 1, maximum: 100_000, default: 500 }),
  },
  { additionalProperties: false },
);
type ReportParams = Static<typeof ReportParams>;

/** A CSV of one month's orders, written by this team's worker; the person watches it in their browser. */
export class CsvReportJob extends OperationJob<ReportParams> {
  static override readonly params = ReportParams;
  static readonly description = 'A CSV report of one month of orders';

  async perform({ month, orders }: ReportParams): Promise<void> {
    await this.addOperationLog(`Reading the orders of ${month}`);
    const rows = ['id,customer,total'];
    const all = ordersOf(month, orders);
    for (const [index, order] of all.entries()) {
      if (this.signal.aborted) throw this.signal.reason;
      rows.push(`${order.id},${order.customer},${(order.totalCents / 100).toFixed(2)}`);
      if ((index + 1) % 100 === 0) await this.updateOperationPercentage(((index + 1) * 100) / all.length);
    }
    await this.saveOperationOutputFile(Buffer.from(`${rows.join('\n')}\n`), {
      name: `orders-${month}.csv`,
      contentType: 'text/csv',
    });
    await this.saveOperationOutputMessage(`${all.length} orders of ${month}`);
  }
}
