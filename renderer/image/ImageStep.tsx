import { ErrorNotice } from '../common/ErrorNotice.js';
import { messages } from '../messages.js';
import { useAppStore } from '../store/use-app-store.js';
import { ImageChooser } from './ImageChooser.js';
import { ImageDetails } from './ImageDetails.js';

export function ImageStep() {
  const hasImage = useAppStore((s) => s.image !== null);
  const busy = useAppStore((s) => s.imageBusy);
  const error = useAppStore((s) => s.imageError);
  return (
    <section className="step" aria-labelledby="step-image">
      <h2 id="step-image" className="step-title">
        {messages.app.stepImage}
      </h2>
      {hasImage ? <ImageDetails /> : <ImageChooser />}
      <p className="status-line" role="status">
        {busy ? messages.image.opening : ''}
      </p>
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}
