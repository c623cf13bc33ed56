import { useRef } from 'react';
import { formatBytes } from '../../app/format.js';
import { useFocusIfLost } from '../common/use-focus-if-lost.js';
import { messages } from '../messages.js';
import { useAppStore } from '../store/use-app-store.js';
import { BootVerdict } from './BootVerdict.js';
import { ChecksumPanel } from './ChecksumPanel.js';
import { containerName, contentsName } from './image-format.js';
import { ImageWarnings } from './ImageWarnings.js';
import { RecentImages } from './RecentImages.js';

export function ImageDetails() {
  const image = useAppStore((s) => s.image);
  const chooseImage = useAppStore((s) => s.chooseImage);
  const busy = useAppStore((s) => s.imageBusy);
  const hasRecent = useAppStore((s) => s.recent.length > 1);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusIfLost(heading, [image?.imageId]);
  if (image === null) return null;
  const size = formatBytes(image.size);
  const contents = contentsName(image.info);
  const label = image.info?.label ?? null;
  return (
    <div className="image-details">
      <div className="image-heading">
        <h3 ref={heading} tabIndex={-1} className="image-name" data-testid="image-name">
          {image.name}
        </h3>
        <button type="button" className="button" disabled={busy} onClick={() => void chooseImage()}>
          {messages.image.change}
        </button>
      </div>
      <dl className="facts">
        <dt>{messages.image.size}</dt>
        <dd>{image.sizeIsEstimate ? messages.image.sizeAbout(size) : messages.image.sizeExact(size)}</dd>
        <dt>{messages.image.format}</dt>
        <dd>{containerName(image.container)}</dd>
        {contents !== null ? (
          <>
            <dt>{messages.image.contents}</dt>
            <dd>{contents}</dd>
          </>
        ) : null}
        <dt>{messages.image.label}</dt>
        <dd>{label ?? messages.image.noLabel}</dd>
      </dl>
      <BootVerdict info={image.info} />
      <ImageWarnings />
      <ChecksumPanel />
      {hasRecent ? (
        <details className="recent-details">
          <summary>{messages.image.recentHeading}</summary>
          <RecentImages inDisclosure />
        </details>
      ) : null}
    </div>
  );
}
