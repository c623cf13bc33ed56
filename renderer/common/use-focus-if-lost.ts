// When the control that had the focus disappears (the chooser replaced by the image, the result
// replaced by the drive list), the browser drops focus to <body> and a keyboard user starts over
// from the top. This puts it on `target` instead, but never takes focus from where it still is.

import { useEffect, type DependencyList, type RefObject } from 'react';

export function useFocusIfLost(target: RefObject<HTMLElement | null>, deps: DependencyList): void {
  useEffect(() => {
    const active = document.activeElement;
    if (active === null || active === document.body) target.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller says when focus may have been lost
  }, deps);
}
