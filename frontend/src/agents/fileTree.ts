import type { RunFile } from '../api/agents';

export interface FileNode {
  kind: 'file';
  name: string;
  path: string;
  file: RunFile;
}

export interface FolderNode {
  kind: 'folder';
  name: string;
  /** The folder's path without a trailing slash ("" for the root). */
  path: string;
  children: TreeNode[];
}

export type TreeNode = FileNode | FolderNode;

const byName = (a: TreeNode, b: TreeNode) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The project's files as folders and files: folders before files at each level, each sorted by name (ordinal, as
 * ProjectFiles orders paths), so dbt_project.yml sits beside models/ as in an editor's explorer.
 */
export function buildFileTree(files: readonly RunFile[]): FolderNode {
  const root: FolderNode = { kind: 'folder', name: '', path: '', children: [] };
  for (const file of files) {
    const parts = file.path.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.length === 0) continue;
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      let next = folder.children.find((c): c is FolderNode => c.kind === 'folder' && c.name === part);
      if (!next) {
        next = { kind: 'folder', name: part, path: folder.path ? `${folder.path}/${part}` : part, children: [] };
        folder.children.push(next);
      }
      folder = next;
    }
    folder.children.push({ kind: 'file', name: parts[parts.length - 1], path: file.path, file });
  }
  sortTree(root);
  return root;
}

function sortTree(folder: FolderNode) {
  const folders = folder.children.filter((c): c is FolderNode => c.kind === 'folder').sort(byName);
  const files = folder.children.filter((c) => c.kind === 'file').sort(byName);
  folder.children = [...folders, ...files];
  for (const child of folders) sortTree(child);
}

/** The file opened first: the first staging model, else the first model, else dbt_project.yml, else the first file. */
export function firstFileToOpen(files: readonly RunFile[]): string | null {
  const paths = files.map((f) => f.path).sort();
  return (
    paths.find((p) => p.startsWith('models/staging/') && p.endsWith('.sql')) ??
    paths.find((p) => p.startsWith('models/') && p.endsWith('.sql')) ??
    paths.find((p) => p === 'dbt_project.yml') ??
    paths[0] ??
    null
  );
}

export type CodeLanguage = 'sql' | 'yaml' | 'markdown' | 'json' | 'text';

/** Which highlighting a file gets, by its extension. */
export function languageOf(path: string): CodeLanguage {
  const lower = path.toLowerCase();
  if (lower.endsWith('.sql')) return 'sql';
  if (lower.endsWith('.yml') || lower.endsWith('.yaml')) return 'yaml';
  if (lower.endsWith('.md')) return 'markdown';
  if (lower.endsWith('.json')) return 'json';
  return 'text';
}
