import { messages } from '../messages.js';
import { useAppStore } from '../store/use-app-store.js';
import { RecentImages } from './RecentImages.js';

/** No image yet: the dialog button, the drop hint and the recent images. */
export function ImageChooser() {
  const chooseImage = useAppStore((s) => s.chooseImage);
  const busy = useAppStore((s) => s.imageBusy);
  return (
    <div className="image-chooser">
      <div className="drop-zone">
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void chooseImage()}>
          {messages.image.choose}
        </button>
        <p className="hint">{messages.image.dropHint}</p>
      </div>
      <RecentImages />
    </div>
  );
}
