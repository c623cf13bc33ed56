// A modal dialog: focus moves in (to initialFocus, else the first control), everything behind it is
// inert, Escape cancels, and focus returns where it was when the dialog closes.

import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select, textarea, a[href], [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  title: string;
  /** alertdialog for a decision with consequences (erase, stop writing). */
  role?: 'dialog' | 'alertdialog';
  /** Id of the element that describes the decision. */
  describedBy?: string;
  initialFocus?: RefObject<HTMLElement | null>;
  onCancel: () => void;
  children: ReactNode;
}

export function Dialog({ title, role = 'dialog', describedBy, initialFocus, onCancel, children }: DialogProps) {
  const titleId = useId();
  const backdrop = useRef<HTMLDivElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const behind = Array.from(document.body.children).filter((el) => el !== backdrop.current && !el.hasAttribute('inert'));
    for (const el of behind) el.setAttribute('inert', '');
    const first = initialFocus?.current ?? panel.current?.querySelector<HTMLElement>(FOCUSABLE) ?? panel.current;
    first?.focus();
    return () => {
      for (const el of behind) el.removeAttribute('inert');
      if (previous?.isConnected) previous.focus();
    };
  }, [initialFocus]);

  return createPortal(
    <div
      ref={backdrop}
      className="dialog-backdrop"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        onCancel();
      }}
    >
      <div ref={panel} className="dialog" role={role} aria-modal="true" aria-labelledby={titleId} aria-describedby={describedBy} tabIndex={-1}>
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        {children}
      </div>
    </div>,
    document.body,
  );
}
