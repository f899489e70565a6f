import { Fragment } from 'react';

/** A long identifier with break opportunities after each _ , . and /, so stg_x__very_long_names wrap at their parts. */
export function Breakable({ text }: { text: string }) {
  const parts = text.split(/(?<=[_./])(?![_./])/);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </>
  );
}
