// Order fulfilment as a saga: each step that changes another system names the step that undoes it,
// and a shipment that cannot be booked routes to a Compensate node, so the payment is refunded and
// the stock released (in reverse order) instead of leaving a charged customer without an order.
import type { DraftGraph } from "@/lib/model/draft-graph";
import { edge, layeredPositions, node, objectSchema, type WorkflowTemplate } from "./build";

function orderSaga(): DraftGraph {
  const nodes = [
    node("start", "start", "Start", {
      config: {
        inputSchema: objectSchema(
          {
            orderId: { type: "string" },
            customerId: { type: "string" },
            sku: { type: "string", description: "What was ordered" },
            quantity: { type: "integer", minimum: 1 },
            amount: { type: "number", description: "Total to charge (EUR)" },
          },
          ["orderId", "customerId", "sku", "quantity", "amount"],
        ),
      },
    }),
    node("http", "reserve", "Reserve stock", {
      undo: "release",
      config: {
        method: "POST",
        url: "https://inventory.example.com/v1/reservations",
        body: '{ "orderId": $.input.orderId, "sku": $.input.sku, "quantity": $.input.quantity }',
      },
    }),
    node("http", "charge", "Charge payment", {
      undo: "refund",
      nonIdempotent: true,
      config: {
        method: "POST",
        url: "https://payments.example.com/v1/charges",
        body: '{ "orderId": $.input.orderId, "customerId": $.input.customerId, "amount": $.input.amount }',
      },
    }),
    node("http", "ship", "Book shipment", {
      retry: { maxAttempts: 3, initialIntervalMs: 2000 },
      config: {
        method: "POST",
        url: "https://shipping.example.com/v1/shipments",
        body: '{ "orderId": $.input.orderId, "reservation": $.steps.`Reserve stock`.output.body }',
      },
    }),
    node("end", "fulfilled", "Fulfilled", { config: { output: "$.steps.`Book shipment`.output.body", outcome: "fulfilled" } }),
    node("compensate", "undo", "Undo order", {
      config: { reason: "Shipment for order {{ $.input.orderId }} could not be booked" },
    }),
    node("http", "refund", "Refund payment", {
      config: {
        method: "POST",
        url: "https://payments.example.com/v1/refunds",
        body: '{ "orderId": $.input.orderId, "charge": $.compensation.output.body }',
      },
    }),
    node("http", "release", "Release stock", {
      config: {
        method: "POST",
        url: "https://inventory.example.com/v1/releases",
        body: '{ "orderId": $.input.orderId, "reservation": $.compensation.output.body }',
      },
    }),
  ];
  const edges = [
    edge("start", "out", "reserve"),
    edge("reserve", "out", "charge"),
    edge("charge", "out", "ship"),
    edge("ship", "out", "fulfilled"),
    edge("ship", "error", "undo"),
  ];
  return layeredPositions({ schemaVersion: 1, nodes, edges });
}

export const orderSagaTemplate: WorkflowTemplate = {
  id: "order-saga",
  name: "Order fulfilment saga",
  description:
    "Reserves stock, charges the customer and books the shipment; when the shipment cannot be booked, the payment is refunded and the stock released, in reverse order.",
  highlights: ["Saga: undo steps", "Compensate", "Error output", "Non-idempotent payment"],
  credentials: ["Payment provider API key (Charge payment, Refund payment)"],
  sampleInput: { orderId: "O-5521", customerId: "C-77", sku: "KB-104", quantity: 2, amount: 189.9 },
  build: orderSaga,
};
