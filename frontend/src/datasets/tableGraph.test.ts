import { describe, expect, it } from 'vitest';
import { shopTables } from '../test/datasetServer';
import { FIT_ALL_TABLES, layoutTables, MAX_NODE_COLUMNS, openingNodes, relationshipsOf } from './tableGraph';

describe('table graph', () => {
  it('links a child table to its parent by the parent key, and keeps value-based keys to other datasets as text only', () => {
    const relationships = relationshipsOf(shopTables);
    expect(relationships.map((r) => [r.label, r.kind, r.drawn])).toEqual([
      ['shop__items._etl_parent_key → shop._etl_key', 'parent', true],
      ['shop__items.sku → products.sku', 'value', false],
    ]);
  });

  it('lists root keys but does not draw them beside the parent edge', () => {
    const grandchild = {
      ...shopTables[1],
      name: 'shop__items__tags',
      parent: 'shop__items',
      foreignKeys: [
        { columns: ['_etl_parent_key'], references: { table: 'shop__items', columns: ['_etl_key'] } },
        { columns: ['_etl_root_key'], references: { table: 'shop', columns: ['_etl_key'] } },
      ],
    };
    const { edges, relationships } = layoutTables([shopTables[0], { ...shopTables[1], foreignKeys: [...shopTables[1].foreignKeys, { columns: ['_etl_root_key'], references: { table: 'shop', columns: ['_etl_key'] } }] }, grandchild]);
    expect(relationships.filter((r) => r.kind === 'root').map((r) => r.label)).toEqual(['shop__items._etl_root_key → shop._etl_key', 'shop__items__tags._etl_root_key → shop._etl_key']);
    expect(edges.map((e) => `${e.source}->${e.target}`)).toEqual(['shop->shop__items', 'shop__items->shop__items__tags']);
  });

  it('adds the parent link when a table names its parent but lists no key to it', () => {
    const [root, child] = shopTables;
    const relationships = relationshipsOf([root, { ...child, foreignKeys: [] }]);
    expect(relationships.map((r) => r.label)).toEqual(['shop__items._etl_parent_key → shop._etl_key']);
  });

  it('draws value-based keys between tables of the version as dashed edges labelled with the columns', () => {
    const users = { ...shopTables[0], name: 'users', naturalKey: null, foreignKeys: [] };
    const orders = { ...shopTables[0], name: 'orders', foreignKeys: [{ columns: ['user_id'], references: { table: 'users', columns: ['id'] } }] };
    const { edges } = layoutTables([users, orders]);
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({ source: 'users', target: 'orders', label: 'user_id → id', className: 'relationship relationship-value' });
  });

  it('lays parents out left of their children without overlapping, and sizes nodes by their columns', () => {
    const grandchild = { ...shopTables[1], name: 'shop__items__tags', parent: 'shop__items', foreignKeys: [{ columns: ['_etl_parent_key'], references: { table: 'shop__items', columns: ['_etl_key'] } }] };
    const wide = { ...shopTables[0], name: 'shop__notes', parent: 'shop', foreignKeys: [], columns: Array.from({ length: 40 }, (_, i) => ({ name: `c${i}`, type: 'STRING', nullable: true, sourcePath: `$.c${i}` })) };
    const { nodes, edges } = layoutTables([...shopTables, grandchild, wide]);
    const at = Object.fromEntries(nodes.map((n) => [n.id, n]));
    expect(at.shop.position.x).toBeLessThan(at.shop__items.position.x);
    expect(at.shop__items.position.x).toBeLessThan(at.shop__items__tags.position.x);
    expect(edges.map((e) => `${e.source}->${e.target}`).sort()).toEqual(['shop->shop__items', 'shop->shop__notes', 'shop__items->shop__items__tags']);
    expect(at.shop__notes.data.shownColumns).toBe(MAX_NODE_COLUMNS);
    expect(at.shop__notes.height).toBeGreaterThan(at.shop.height!);
    const [a, b] = [at.shop__items, at.shop__notes];
    const overlap = a.position.x < b.position.x + b.width! && b.position.x < a.position.x + a.width! && a.position.y < b.position.y + b.height! && b.position.y < a.position.y + a.height!;
    expect(overlap).toBe(false);
  });

  it('opens a small version on all its tables, a large one on the root and its children', () => {
    expect(openingNodes(shopTables)).toEqual([{ id: 'shop' }, { id: 'shop__items' }]);
    const many = Array.from({ length: FIT_ALL_TABLES }, (_, i) => ({ ...shopTables[1], name: `shop__items__t${i}`, parent: 'shop__items' }));
    expect(openingNodes([...shopTables, ...many])).toEqual([{ id: 'shop' }, { id: 'shop__items' }]);
  });
});
