/**
 * Typical workflow conditions with the bindings they run against: what `choice`, `catch.when`,
 * trigger filters and templates evaluate. Shared by the library comparison and the definitions
 * benchmark so both measure the same mix.
 */
export interface Condition {
  readonly expr: string
  readonly bindings: Record<string, unknown>
}

const input = {
  orderId: "ord-2026-000123",
  total: 1234.5,
  country: "DE",
  email: "ada.lovelace@example.com",
  customer: { name: "Ada Lovelace", tier: "gold" }
}
const context = {
  items: [
    { sku: "A-1", qty: 2, price: 19.99 },
    { sku: "B-7", qty: 1, price: 249 },
    { sku: "C-3", qty: 6, price: 4.5 }
  ],
  attempts: 1
}
const error = { type: "Declined", message: "card declined", details: { code: "51" } }

export const conditions: ReadonlyArray<Condition> = [
  { expr: "input.total > 1000", bindings: { input } },
  { expr: "error.type == 'Declined'", bindings: { error } },
  { expr: "context.items.size() > 0 && input.country in ['DE', 'FR']", bindings: { input, context } },
  {
    expr: "input.email.endsWith('@example.com') && input.customer.name.startsWith('Ada')",
    bindings: { input }
  },
  { expr: "input.orderId.contains('2026') && size(input.orderId) < 64", bindings: { input } },
  { expr: "input.email.matches('^[a-z0-9.]+@[a-z0-9-]+\\\\.[a-z]{2,}$')", bindings: { input } },
  {
    expr: "context.items.exists(i, i.qty > 5) || input.customer.tier == 'gold'",
    bindings: { input, context }
  },
  { expr: "has(input.customer.tier) ? input.customer.tier : 'standard'", bindings: { input } }
]
