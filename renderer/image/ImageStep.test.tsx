import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ImprintError } from '../../app/errors.js';
import { fakeImage, fakeImprint } from '../../main/test-support/renderer/fake-api.js';
import { DOWNLOADS, imageInfo, imageSummary } from '../../main/test-support/renderer/fixtures.js';
import { renderApp, settle } from '../../main/test-support/renderer/render-app.js';

const imageStep = (): HTMLElement => screen.getByRole('region', { name: '1. Image' });

describe('image step', () => {
  it('opens an image from the dialog and shows its name, size, format, label and verdict', async () => {
    const { user, fake } = await renderApp(fakeImprint({ chosenImage: imageSummary() }));
    await user.click(screen.getByRole('button', { name: 'Choose an image…' }));
    const step = imageStep();
    expect(within(step).getByRole('heading', { name: 'debian.iso' })).toBeInTheDocument();
    expect(step).toHaveTextContent('660 MB');
    expect(step).toHaveTextContent('Uncompressed disk image');
    expect(step).toHaveTextContent('ISO 9660, Joliet, Rock Ridge, GPT partition table (1 partition)');
    expect(step).toHaveTextContent('Debian 12.5.0 amd64 n');
    expect(screen.getByTestId('boot-verdict')).toHaveTextContent('Boots from USB on BIOS and UEFI PCs');
    expect(screen.getByTestId('announcer')).toHaveTextContent('Image opened: debian.iso.');
    // Drive verdicts depend on the image: the list is asked again.
    expect(fake.api.listDrives).toHaveBeenCalledTimes(2);
  });

  it('says "about" for a compressed image whose size is an estimate', async () => {
    const { user } = await renderApp(fakeImprint({ chosenImage: imageSummary({ sizeIsEstimate: true, container: 'xz', name: 'raspios.img.xz' }) }));
    await user.click(screen.getByRole('button', { name: 'Choose an image…' }));
    expect(imageStep()).toHaveTextContent('about 660 MB');
    expect(imageStep()).toHaveTextContent('xz-compressed');
  });

  it('keeps the chooser when the dialog is cancelled', async () => {
    const { user } = await renderApp(fakeImprint({ chosenImage: null }));
    await user.click(screen.getByRole('button', { name: 'Choose an image…' }));
    expect(screen.getByRole('button', { name: 'Choose an image…' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it("shows the window's words when the image cannot be opened", async () => {
    const { user } = await renderApp(fakeImprint({ chosenImage: `${DOWNLOADS}/gone.iso` }));
    await user.click(screen.getByRole('button', { name: 'Choose an image…' }));
    expect(screen.getByRole('alert')).toHaveTextContent(`The image ${DOWNLOADS}/gone.iso does not exist. It may have been moved, renamed or deleted: choose it again.`);
    expect(screen.getByRole('button', { name: 'Choose an image…' })).toBeInTheDocument();
  });

  it('warns that a Windows installer will not boot, and says what to use', async () => {
    const windows = imageInfo({
      usbBoot: { bios: false, uefi: false },
      windowsInstaller: true,
      filesystems: ['iso9660', 'udf'],
      warnings: [
        { code: 'WINDOWS_INSTALLER', message: "This is a Windows installer. … use Microsoft's Media Creation Tool …" },
        { code: 'NOT_USB_BOOTABLE', message: 'Written as it is, this Windows installer will not start a computer from a USB drive.' },
      ],
    });
    const { user } = await renderApp(fakeImprint({ chosenImage: imageSummary({ name: 'Win11.iso', info: windows }) }));
    await user.click(screen.getByRole('button', { name: 'Choose an image…' }));
    expect(screen.getByTestId('boot-verdict')).toHaveTextContent('Windows installer: written as it is, the drive will not boot');
    const warnings = screen.getByRole('heading', { name: 'Before you write it' }).parentElement;
    expect(warnings).toHaveTextContent('Media Creation Tool');
    expect(warnings).toHaveTextContent('will not start a computer from a USB drive');
  });

  it('calls a plain ISO a data disc', async () => {
    const data = imageInfo({ usbBoot: { bios: false, uefi: false }, elTorito: null, partitionTable: null, partitions: [] });
    const { user } = await renderApp(fakeImprint({ chosenImage: imageSummary({ info: data }) }));
    await user.click(screen.getByRole('button', { name: 'Choose an image…' }));
    expect(screen.getByTestId('boot-verdict')).toHaveTextContent('This is a data disc: the drive will not boot');
  });

  it('explains when the image could not be inspected', async () => {
    const summary = imageSummary({ info: null, inspectError: new ImprintError('E_IMAGE_CORRUPT', { detail: 'bad xz stream' }).toData() });
    const { user } = await renderApp(fakeImprint({ chosenImage: summary }));
    await user.click(screen.getByRole('button', { name: 'Choose an image…' }));
    expect(screen.getByTestId('boot-verdict')).toHaveTextContent('Unknown whether the drive will boot');
    expect(imageStep()).toHaveTextContent('The image is damaged (bad xz stream).');
  });

  it('opens a recent image', async () => {
    const recent = [{ recentId: 'r1', name: 'debian.iso', folder: '/home/me/Downloads' }];
    const { user, fake } = await renderApp(fakeImprint({ recent, chosenImage: imageSummary() }));
    await user.click(screen.getByRole('button', { name: /debian\.iso.*Downloads/ }));
    expect(fake.api.openRecent).toHaveBeenCalledWith('r1');
    expect(screen.getByRole('heading', { name: 'debian.iso' })).toBeInTheDocument();
  });

  it('opens an image dropped on the window', async () => {
    const dropped = fakeImage(imageSummary({ imageId: '', name: 'dropped.iso' }));
    const { fake } = await renderApp(fakeImprint({ images: { [`${DOWNLOADS}/dropped.iso`]: dropped } }));
    const file = new File(['x'], 'dropped.iso');
    await act(async () => {
      fireEvent.drop(window, { dataTransfer: { files: [file], types: ['Files'] } });
      await Promise.resolve();
    });
    await settle();
    expect(fake.api.openDroppedFile).toHaveBeenCalledWith(file);
    expect(screen.getByRole('heading', { name: 'dropped.iso' })).toBeInTheDocument();
  });

  it('shows an image that main opened by itself (open-with)', async () => {
    const path = `${DOWNLOADS}/opened-with.iso`;
    const { fake } = await renderApp(fakeImprint({ images: { [path]: fakeImage(imageSummary({ imageId: '', name: 'opened-with.iso' })) } }));
    act(() => void fake.openPath(path));
    await settle();
    expect(screen.getByRole('heading', { name: 'opened-with.iso' })).toBeInTheDocument();
  });
});

describe('checksum', () => {
  const hex = 'ab'.repeat(32);

  async function withImage(sidecar: string | null = null) {
    const r = await renderApp(fakeImprint({ chosenImage: imageSummary({ checksumSidecar: sidecar }) }));
    await r.user.click(screen.getByRole('button', { name: 'Choose an image…' }));
    return r;
  }

  it('shows SHA-256 on request', async () => {
    const { user, fake } = await withImage();
    await user.click(screen.getByRole('button', { name: 'Show SHA-256' }));
    expect(fake.api.hashImage).toHaveBeenCalledWith('img-1', 'sha256', undefined);
    expect(screen.getByTestId('sha256')).toHaveTextContent(hex);
  });

  it('says the pasted checksum matches', async () => {
    const { user } = await withImage();
    await user.type(screen.getByLabelText(/Expected checksum/), `${hex.toUpperCase()}  debian.iso{Enter}`);
    expect(screen.getByTestId('checksum-outcome')).toHaveTextContent('Matches the checksum you pasted');
  });

  it('says plainly when the pasted checksum does not match, comparing with the digest already computed', async () => {
    const { user, fake } = await withImage();
    await user.click(screen.getByRole('button', { name: 'Show SHA-256' }));
    await user.type(screen.getByLabelText(/Expected checksum/), 'cd'.repeat(32));
    await user.click(screen.getByRole('button', { name: 'Compare' }));
    expect(screen.getByTestId('checksum-outcome')).toHaveTextContent('Does NOT match the checksum you pasted');
    expect(fake.api.hashImage).toHaveBeenCalledTimes(1);
  });

  it('rejects text that is not a checksum', async () => {
    const { user, fake } = await withImage();
    const field = screen.getByLabelText(/Expected checksum/);
    await user.type(field, 'not a hash{Enter}');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(/That is not a checksum/);
    expect(fake.api.hashImage).not.toHaveBeenCalled();
  });

  const sums = `${DOWNLOADS}/SHA256SUMS`;

  it('checks the image against a sums file the user picks: a match, and a mismatch', async () => {
    const { user, fake } = await withImage();
    fake.state.sumsFiles[sums] = { 'debian.iso': hex };
    fake.state.chosenSumsFile = sums;
    await user.click(screen.getByRole('button', { name: 'Check with a checksum file…' }));
    expect(screen.getByTestId('checksum-outcome')).toHaveTextContent('Matches the checksum file');
    fake.state.sumsFiles[sums] = { 'debian.iso': 'cd'.repeat(32) };
    await user.click(screen.getByRole('button', { name: 'Check with a checksum file…' }));
    expect(screen.getByTestId('checksum-outcome')).toHaveTextContent('Does NOT match the checksum file');
  });

  it("shows main's error when the sums file does not list the image: nothing was compared", async () => {
    const { user, fake } = await withImage();
    fake.state.sumsFiles[sums] = { 'other.iso': hex };
    fake.state.chosenSumsFile = sums;
    await user.click(screen.getByRole('button', { name: 'Check with a checksum file…' }));
    expect(screen.getByRole('alert')).toHaveTextContent(`The checksum file ${sums} has no checksum for debian.iso. Nothing was checked or written.`);
    expect(screen.queryByTestId('checksum-outcome')).not.toBeInTheDocument();
  });

  it('names the sums file found next to the image', async () => {
    await withImage('SHA256SUMS');
    expect(imageStep()).toHaveTextContent('Found SHA256SUMS next to the image.');
  });

  it('reports a failure to read the image', async () => {
    const { user, fake } = await withImage();
    fake.api.hashImage.mockResolvedValueOnce({ ok: false, error: new ImprintError('E_IMAGE_UNREADABLE', { detail: 'EIO' }).toData() });
    await user.click(screen.getByRole('button', { name: 'Show SHA-256' }));
    expect(screen.getByRole('alert')).toHaveTextContent('The image cannot be read (EIO).');
  });
});
