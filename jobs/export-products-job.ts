import { Type, type Static } from 'typebox';
import { OperationJob } from '@temporal-operations/jobs';

const ExportProductsParams = Type.Object(
  { productIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 10_000 }) },
  { additionalProperties: false },
);
type ExportProductsParams = Static<typeof ExportProductsParams>;

const PROGRESS_EVERY = 500;

/** Writes a CSV of the given products (made-up names), reporting progress as it goes. */
export class ExportProductsJob extends OperationJob<ExportProductsParams> {
  static override readonly params = ExportProductsParams;
  static readonly description = 'Exports products to products.csv';

  async perform({ productIds }: ExportProductsParams): Promise<Buffer> {
    await this.addOperationLog(`Exporting ${productIds.length} products`);
    const rows = ['id,name,price'];
    for (const [index, id] of productIds.entries()) {
      if (this.signal.aborted) throw this.signal.reason;
      rows.push(`${id},Product ${id},${((id * 7919) % 10_000) / 100}`);
      if ((index + 1) % PROGRESS_EVERY === 0)
        await this.updateOperationPercentage(((index + 1) * 100) / productIds.length);
    }
    const csv = Buffer.from(`${rows.join('\n')}\n`);
    await this.updateOperationPercentage(100);
    await this.saveOperationOutputFile(csv, { name: 'products.csv', contentType: 'text/csv' });
    await this.saveOperationOutputMessage(`Exported ${productIds.length} products`);
    return csv;
  }
}
