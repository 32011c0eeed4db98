// pixels.mjs — measures what the canvas really shows in a rectangle of the page, from a
// screenshot (so it sees exactly what a person would), decoded by the browser itself.
export async function canvasInk(page, rect) {
  const clip = { x: Math.max(0, rect.x), y: Math.max(0, rect.y), width: rect.width, height: rect.height };
  const png = await page.screenshot({ clip });
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = new OffscreenCanvas(img.width, img.height);
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, img.width, img.height);
    let bright = 0, dark = 0;
    const n = data.length / 4;
    for (let i = 0; i < data.length; i += 4) {
      const lum = 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
      if (lum > 200) bright++;
      else if (lum < 60) dark++;
    }
    return { bright: bright / n, dark: dark / n, pixels: n };
  }, png.toString('base64'));
}

// The share of pixels in a rectangle of the page close to a colour [r, g, b] (each channel
// within tol), from a screenshot as above.
export async function colourShare(page, rect, rgb, tol = 40) {
  const clip = { x: Math.max(0, rect.x), y: Math.max(0, rect.y), width: rect.width, height: rect.height };
  const png = await page.screenshot({ clip });
  return page.evaluate(async ([b64, want, t]) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = new OffscreenCanvas(img.width, img.height);
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, img.width, img.height);
    let near = 0;
    for (let i = 0; i < data.length; i += 4)
      if (Math.abs(data[i] - want[0]) <= t && Math.abs(data[i + 1] - want[1]) <= t && Math.abs(data[i + 2] - want[2]) <= t) near++;
    return near / (data.length / 4);
  }, [png.toString('base64'), rgb, tol]);
}
