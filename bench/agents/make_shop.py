#!/usr/bin/env python3
"""Writes a synthetic shop as NDJSON: orders with a customer, items (each with discounts), payments and shipments.
`etl normalize` splits it into five related tables: orders, orders__items, orders__items__discounts,
orders__payments, orders__shipments. Deterministic for a given --orders (a fixed seed)."""
import argparse, json, random, datetime

parser = argparse.ArgumentParser()
parser.add_argument("--orders", type=int, default=20000)
parser.add_argument("out")
args = parser.parse_args()
rng = random.Random(7)
start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
statuses = ["placed", "shipped", "delivered", "returned"]
methods = ["card", "paypal", "gift_card"]
carriers = ["ups", "dhl", "fedex"]
with open(args.out, "w", encoding="utf-8") as out:
    for n in range(args.orders):
        ordered = start + datetime.timedelta(minutes=7 * n + rng.randrange(5))
        items = []
        for i in range(rng.randrange(1, 5)):
            price = round(rng.uniform(2, 200), 2)
            items.append({
                "sku": f"SKU-{rng.randrange(1, 500):04d}",
                "quantity": rng.randrange(1, 4),
                "unit_price": price,
                "discounts": [{"code": rng.choice(["WELCOME", "SUMMER", "VIP"]), "amount": round(price * 0.1, 2)}
                              for _ in range(rng.randrange(0, 2))],
            })
        total = round(sum(i["quantity"] * i["unit_price"] for i in items), 2)
        order = {
            "order_id": f"O{n:07d}",
            "status": rng.choice(statuses),
            "ordered_at": ordered.isoformat().replace("+00:00", "Z"),
            "customer": {"customer_id": f"C{rng.randrange(1, args.orders // 4 + 2):06d}", "country": rng.choice(["DE", "FR", "US", "GB"])},
            "total_amount": total,
            "items": items,
            "payments": [{"method": rng.choice(methods), "amount": total}],
            "shipments": [{"carrier": rng.choice(carriers), "shipped_at": (ordered + datetime.timedelta(days=1)).isoformat().replace("+00:00", "Z")}]
                         if rng.random() < 0.8 else [],
        }
        out.write(json.dumps(order, separators=(",", ":")) + "\n")
