// pixels.mjs — measures what the canvas really shows in a rectangle of the page, from a
// screenshot (so it sees exactly what a person would), decoded by the browser itself.

// The RGBA bytes of a rectangle of the page as a screenshot shows it.
async function screenshotPixels(page, rect) {
  const clip = { x: Math.max(0, rect.x), y: Math.max(0, rect.y), width: rect.width, height: rect.height };
  const png = await page.screenshot({ clip });
  return Uint8Array.from(await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = new OffscreenCanvas(img.width, img.height);
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    return Array.from(ctx.getImageData(0, 0, img.width, img.height).data);
  }, png.toString('base64')));
}

// The shares of bright (luminance > 200) and dark (< 60) pixels in a rectangle.
export async function canvasInk(page, rect) {
  const data = await screenshotPixels(page, rect);
  let bright = 0, dark = 0;
  const n = data.length / 4;
  for (let i = 0; i < data.length; i += 4) {
    const lum = 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
    if (lum > 200) bright++;
    else if (lum < 60) dark++;
  }
  return { bright: bright / n, dark: dark / n, pixels: n };
}

// The share of pixels in a rectangle of the page close to a colour [r, g, b] (each channel
// within tol).
export async function colourShare(page, rect, rgb, tol = 40) {
  const data = await screenshotPixels(page, rect);
  let near = 0;
  for (let i = 0; i < data.length; i += 4)
    if (Math.abs(data[i] - rgb[0]) <= tol && Math.abs(data[i + 1] - rgb[1]) <= tol && Math.abs(data[i + 2] - rgb[2]) <= tol) near++;
  return near / (data.length / 4);
}
