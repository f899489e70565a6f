import { sql, StandardSQL } from '@codemirror/lang-sql';
import { yaml } from '@codemirror/lang-yaml';
import { syntaxHighlighting } from '@codemirror/language';
import { EditorState, RangeSetBuilder, type Extension } from '@codemirror/state';
import { Decoration, EditorView, lineNumbers } from '@codemirror/view';
import { classHighlighter } from '@lezer/highlight';
import { useEffect, useRef } from 'react';
import { languageOf } from './fileTree';

// CodeMirror 6, read-only, bundled by Vite (its own chunk, loaded when a file is first opened). Tokens get lezer's
// stable class names (tok-keyword, tok-string…), coloured in agents.css, so the colours pass the contrast check and
// the browser test can see that SQL is highlighted.

function languageExtension(path: string): Extension {
  switch (languageOf(path)) {
    case 'sql':
      return sql({ dialect: StandardSQL });
    case 'yaml':
      return yaml();
    default:
      return [];
  }
}

const errorLine = Decoration.line({ class: 'cm-error-line' });

function markedLine(line: number | null | undefined): Extension {
  if (!line || line < 1) return [];
  return EditorView.decorations.compute([], (state) => {
    const builder = new RangeSetBuilder<Decoration>();
    if (line <= state.doc.lines) {
      const at = state.doc.line(line);
      builder.add(at.from, at.from, errorLine);
    }
    return builder.finish();
  });
}

function stateFor(path: string, content: string, line: number | null | undefined): EditorState {
  return EditorState.create({
    doc: content,
    extensions: [
      lineNumbers(),
      EditorState.readOnly.of(true),
      EditorView.editable.of(false),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': `Contents of ${path}`, 'aria-readonly': 'true' }),
      syntaxHighlighting(classHighlighter),
      languageExtension(path),
      markedLine(line),
    ],
  });
}

export interface CodeViewerProps {
  path: string;
  content: string;
  /** A line to mark (where validation failed), 1-based. */
  line?: number | null;
}

/** A read-only code view of one project file, with SQL or YAML highlighting and line numbers. */
export default function CodeViewer({ path, content, line }: CodeViewerProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const shown = useRef('');

  useEffect(() => {
    const key = JSON.stringify([path, content, line ?? null]);
    if (!view.current) {
      view.current = new EditorView({ parent: host.current!, state: stateFor(path, content, line) });
    } else if (shown.current !== key) {
      view.current.setState(stateFor(path, content, line));
    }
    shown.current = key;
  }, [path, content, line]);

  useEffect(
    () => () => {
      view.current?.destroy();
      view.current = null;
    },
    [],
  );

  return <div ref={host} className="code-viewer" data-language={languageOf(path)} data-path={path} />;
}
