import { Breakable } from './breakable';
import type { FolderNode, TreeNode } from './fileTree';

interface Props {
  tree: FolderNode;
  selected: string | null;
  onSelect(path: string): void;
}

/**
 * The project's folders and files. Folders are native disclosure widgets (details/summary), files are buttons: the
 * keyboard and screen readers get both for free, without a hand-made ARIA tree.
 */
export function FileTreeView({ tree, selected, onSelect }: Props) {
  return (
    <nav className="file-tree" aria-label="Project files">
      <FolderItems nodes={tree.children} selected={selected} onSelect={onSelect} />
    </nav>
  );
}

function FolderItems({ nodes, selected, onSelect }: { nodes: TreeNode[]; selected: string | null; onSelect(path: string): void }) {
  return (
    <ul>
      {nodes.map((node) =>
        node.kind === 'folder' ? (
          <li key={`d:${node.path}`}>
            <details open>
              <summary className="tree-folder">{node.name}/</summary>
              <FolderItems nodes={node.children} selected={selected} onSelect={onSelect} />
            </details>
          </li>
        ) : (
          <li key={`f:${node.path}`}>
            <button
              type="button"
              className={`tree-file${node.file.validation === 'failed' ? ' tree-file-failed' : ''}`}
              aria-current={node.path === selected ? 'true' : undefined}
              title={node.path}
              aria-label={node.file.validation === 'failed' ? `${node.name}, fails validation` : undefined}
              onClick={() => onSelect(node.path)}
            >
              <Breakable text={node.name} />
            </button>
          </li>
        ),
      )}
    </ul>
  );
}
