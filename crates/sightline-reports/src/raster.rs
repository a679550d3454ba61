//! A chart drawn into a PNG, for formats that take pictures (DOCX).
//!
//! Why hand-written: the drawing is a few lines, dots and short labels, and
//! a rasteriser crate (with font loading) would cost more compile time than
//! this whole crate. Text uses a built-in 5×7 pixel font (capitals, digits
//! and a few signs; lower case is drawn as capitals). The PNG is palette
//! based and stored uncompressed inside a zlib stream; the DOCX zip
//! compresses it. It does not anti-alias.

use crate::chart::{Anchor, Chart, HEIGHT, Rgb, Shape, WIDTH};

fn glyph(c: char) -> [u8; 7] {
    match c.to_ascii_uppercase() {
        '0' => [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E],
        '1' => [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
        '2' => [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F],
        '3' => [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
        '4' => [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02],
        '5' => [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
        '6' => [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E],
        '7' => [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
        '8' => [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E],
        '9' => [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
        'A' => [0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
        'B' => [0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E],
        'C' => [0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E],
        'D' => [0x1C, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1C],
        'E' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F],
        'F' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10],
        'G' => [0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F],
        'H' => [0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
        'I' => [0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E],
        'J' => [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C],
        'K' => [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11],
        'L' => [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F],
        'M' => [0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11],
        'N' => [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11],
        'O' => [0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
        'P' => [0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10],
        'Q' => [0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D],
        'R' => [0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11],
        'S' => [0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E],
        'T' => [0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
        'U' => [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
        'V' => [0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04],
        'W' => [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A],
        'X' => [0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11],
        'Y' => [0x11, 0x11, 0x11, 0x0A, 0x04, 0x04, 0x04],
        'Z' => [0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F],
        '%' => [0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03],
        '.' => [0, 0, 0, 0, 0, 0x0C, 0x0C],
        ',' => [0, 0, 0, 0, 0x0C, 0x04, 0x08],
        '-' | '–' => [0, 0, 0, 0x1F, 0, 0, 0],
        '(' => [0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02],
        ')' => [0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08],
        '/' => [0, 0x01, 0x02, 0x04, 0x08, 0x10, 0],
        '\'' | '’' => [0x04, 0x04, 0x08, 0, 0, 0, 0],
        _ => [0; 7],
    }
}

struct Canvas {
    w: usize,
    h: usize,
    px: Vec<u8>,
    palette: Vec<Rgb>,
}

impl Canvas {
    fn color(&mut self, c: Rgb) -> u8 {
        match self.palette.iter().position(|p| *p == c) {
            Some(i) => i as u8,
            None if self.palette.len() < 256 => {
                self.palette.push(c);
                (self.palette.len() - 1) as u8
            }
            None => 0,
        }
    }
    fn set(&mut self, x: i64, y: i64, i: u8) {
        if x >= 0 && y >= 0 && (x as usize) < self.w && (y as usize) < self.h {
            self.px[y as usize * self.w + x as usize] = i;
        }
    }
    fn disc(&mut self, cx: f64, cy: f64, r: f64, i: u8) {
        let r2 = r * r;
        for y in (cy - r).floor() as i64..=(cy + r).ceil() as i64 {
            for x in (cx - r).floor() as i64..=(cx + r).ceil() as i64 {
                let (dx, dy) = (x as f64 + 0.5 - cx, y as f64 + 0.5 - cy);
                if dx * dx + dy * dy <= r2.max(0.25) {
                    self.set(x, y, i);
                }
            }
        }
    }
    fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), width: f64, i: u8) {
        let len = ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt();
        let steps = (len * 2.0).ceil().max(1.0) as usize;
        for s in 0..=steps {
            let t = s as f64 / steps as f64;
            self.disc(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t, width / 2.0, i);
        }
    }
    fn text(&mut self, x: f64, y_base: f64, size: f64, text: &str, anchor: Anchor, i: u8) {
        let block = (size / 7.0).floor().max(1.0) as i64;
        let advance = 6 * block;
        let width = text.chars().count() as i64 * advance;
        let x0 = match anchor {
            Anchor::Start => x as i64,
            Anchor::Middle => x as i64 - width / 2,
            Anchor::End => x as i64 - width,
        };
        let top = y_base as i64 - 7 * block;
        for (n, c) in text.chars().enumerate() {
            let g = glyph(c);
            for (row, bits) in g.iter().enumerate() {
                for col in 0..5 {
                    if bits & (0x10 >> col) != 0 {
                        for dy in 0..block {
                            for dx in 0..block {
                                self.set(
                                    x0 + n as i64 * advance + col * block + dx,
                                    top + row as i64 * block + dy,
                                    i,
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The chart as a PNG at `scale` pixels per drawing unit: (bytes, width, height).
pub fn png(chart: &Chart, scale: u32) -> (Vec<u8>, u32, u32) {
    let s = f64::from(scale.max(1));
    let (w, h) = ((WIDTH * s) as usize, (HEIGHT * s) as usize);
    let mut c = Canvas {
        w,
        h,
        px: vec![0; w * h],
        palette: vec![Rgb(255, 255, 255)],
    };
    for shape in chart.shapes() {
        match shape {
            Shape::Line {
                x1,
                y1,
                x2,
                y2,
                color,
                width,
            } => {
                let i = c.color(color);
                c.line((x1 * s, y1 * s), (x2 * s, y2 * s), (width * s).max(1.0), i);
            }
            Shape::Polyline {
                points,
                color,
                width,
            } => {
                let i = c.color(color);
                for p in points.windows(2) {
                    c.line(
                        (p[0].0 * s, p[0].1 * s),
                        (p[1].0 * s, p[1].1 * s),
                        width * s,
                        i,
                    );
                }
            }
            Shape::Dot { x, y, r, color } => {
                let i = c.color(color);
                c.disc(x * s, y * s, r * s, i);
            }
            Shape::Text {
                x,
                y,
                size,
                text,
                anchor,
                color,
            } => {
                let i = c.color(color);
                c.text(x * s, y * s, size * s, &text, anchor, i);
            }
        }
    }
    (encode(&c), w as u32, h as u32)
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
}

fn encode(c: &Canvas) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = vec![];
    ihdr.extend_from_slice(&(c.w as u32).to_be_bytes());
    ihdr.extend_from_slice(&(c.h as u32).to_be_bytes());
    ihdr.extend_from_slice(&[8, 3, 0, 0, 0]); // 8-bit palette
    chunk(&mut out, b"IHDR", &ihdr);
    let plte: Vec<u8> = c.palette.iter().flat_map(|p| [p.0, p.1, p.2]).collect();
    chunk(&mut out, b"PLTE", &plte);
    let mut raw = Vec::with_capacity((c.w + 1) * c.h);
    for row in c.px.chunks(c.w) {
        raw.push(0);
        raw.extend_from_slice(row);
    }
    // zlib stream of stored (uncompressed) deflate blocks.
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, b) in blocks.iter().enumerate() {
        z.push(u8::from(i + 1 == blocks.len()));
        let len = b.len() as u16;
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&(!len).to_le_bytes());
        z.extend_from_slice(b);
    }
    z.extend_from_slice(&adler32(&raw).to_be_bytes());
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Series;

    #[test]
    fn png_has_signature_chunks_and_checksums() {
        let chart = Chart {
            title: "t".into(),
            desc: "d".into(),
            x_labels: vec!["Jun 16".into(), "Sep 16".into()],
            series: vec![Series {
                name: "CLA".into(),
                values: vec![Some(1.0), Some(2.0)],
            }],
            unit: "children".into(),
        };
        let (png, w, h) = png(&chart, 1);
        assert_eq!((w, h), (WIDTH as u32, HEIGHT as u32));
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(&png[png.len() - 8..png.len() - 4], b"IEND");
        // CRC of IHDR as PNG readers check it.
        let ihdr = &png[12..12 + 4 + 13];
        let crc = u32::from_be_bytes(png[29..33].try_into().unwrap());
        assert_eq!(crc32(ihdr), crc);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }
}
