import { describe, expect, it } from 'vitest';
import { agentRun } from '../test/agentRun';
import { buildFileTree, firstFileToOpen, languageOf, type FolderNode, type TreeNode } from './fileTree';

const names = (folder: FolderNode) => folder.children.map((c: TreeNode) => (c.kind === 'folder' ? `${c.name}/` : c.name));
const folder = (parent: FolderNode, name: string) => parent.children.find((c): c is FolderNode => c.kind === 'folder' && c.name === name)!;

describe('file tree', () => {
  it('puts folders before files at each level, each sorted by name, as an explorer does', () => {
    const tree = buildFileTree(agentRun.files);
    expect(names(tree)).toEqual(['models/', '.agentic-etl.json', 'README.md', 'dbt_project.yml', 'profiles.example.yml']);
    const models = folder(tree, 'models');
    expect(names(models)).toEqual(['intermediate/', 'marts/', 'staging/']);
    const shop = folder(folder(models, 'staging'), 'shop');
    expect(shop.path).toBe('models/staging/shop');
    expect(names(shop)).toEqual(['_shop__models.yml', '_shop__sources.yml', 'stg_shop__orders.sql', 'stg_shop__orders_items.sql']);
    const file = shop.children[2];
    expect(file.kind === 'file' && file.file.content).toContain("source('shop', 'orders')");
  });

  it('makes one folder of paths that share it, whatever order the files come in', () => {
    const tree = buildFileTree([
      { path: 'b/x.sql', content: '' },
      { path: 'a/y.sql', content: '' },
      { path: 'b/a.sql', content: '' },
    ]);
    expect(names(tree)).toEqual(['a/', 'b/']);
    expect(names(folder(tree, 'b'))).toEqual(['a.sql', 'x.sql']);
    expect(folder(tree, 'b').path).toBe('b');
  });

  it('opens the first staging model first', () => {
    expect(firstFileToOpen(agentRun.files)).toBe('models/staging/shop/stg_shop__orders.sql');
    expect(firstFileToOpen([{ path: 'README.md', content: '' }, { path: 'dbt_project.yml', content: '' }])).toBe('dbt_project.yml');
    expect(firstFileToOpen([])).toBeNull();
  });

  it('highlights by extension', () => {
    expect(languageOf('models/a.sql')).toBe('sql');
    expect(languageOf('dbt_project.yml')).toBe('yaml');
    expect(languageOf('x.YAML')).toBe('yaml');
    expect(languageOf('README.md')).toBe('markdown');
    expect(languageOf('.agentic-etl.json')).toBe('json');
    expect(languageOf('LICENSE')).toBe('text');
  });
});
