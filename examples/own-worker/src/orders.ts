/** This team's own data: a month of made-up orders, the same every time for a given month. */
export interface Order {
  id: number;
  customer: string;
  totalCents: number;
}

const CUSTOMERS = ['Ada', 'Grace', 'Linus', 'Barbara', 'Ken', 'Margaret'];

export function ordersOf(month: string, count: number): Order[] {
  const seed = Number(month.replace('-', ''));
  return Array.from({ length: count }, (_, index) => ({
    id: index + 1,
    customer: CUSTOMERS[(seed + index) % CUSTOMERS.length]!,
    totalCents: ((seed * (index + 7)) % 90_000) + 1_000,
  }));
}
