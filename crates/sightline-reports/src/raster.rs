//! A chart drawn into a PNG, for formats that take pictures (DOCX).
//!
//! Why hand-written: the drawing is a few lines, dots and short labels, and
//! a rasteriser crate (with font loading) would cost more compile time than
//! this whole crate. Text uses a built-in 5×7 pixel font (capitals, digits
//! and a few signs; lower case is drawn as capitals). The PNG is palette
//! based, compressed with one fixed-Huffman deflate block (runs of a colour
//! become back-references), since DOCX packages store parts uncompressed.
//! It does not anti-alias.

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

/// Bits written least significant first, as deflate wants.
struct Bits {
    out: Vec<u8>,
    acc: u32,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= value << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }
    /// A Huffman code, whose bits go most significant first.
    fn code(&mut self, code: u32, len: u32) {
        let mut r = 0;
        for i in 0..len {
            r |= ((code >> i) & 1) << (len - 1 - i);
        }
        self.put(r, len);
    }
    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

const LEN_BASE: [u32; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEN_EXTRA: [u32; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];

/// The fixed Huffman code of literal/length symbol `sym` (RFC 1951 §3.2.6).
fn fixed_code(b: &mut Bits, sym: u32) {
    match sym {
        0..=143 => b.code(0x30 + sym, 8),
        144..=255 => b.code(0x190 + sym - 144, 9),
        256..=279 => b.code(sym - 256, 7),
        _ => b.code(0xC0 + sym - 280, 8),
    }
}

/// One final fixed-Huffman block; repeats of the previous byte become
/// (length, distance 1) pairs, which is what a chart's flat colours need.
fn deflate_fixed(data: &[u8]) -> Vec<u8> {
    let mut b = Bits {
        out: vec![],
        acc: 0,
        n: 0,
    };
    b.put(1, 1); // BFINAL
    b.put(1, 2); // BTYPE = 01, fixed Huffman
    let mut i = 0;
    while i < data.len() {
        let mut run = 0;
        if i > 0 {
            while i + run < data.len() && run < 258 && data[i + run] == data[i - 1] {
                run += 1;
            }
        }
        if run >= 3 {
            let len = run as u32;
            let k = LEN_BASE.iter().rposition(|&x| x <= len).unwrap_or(0);
            fixed_code(&mut b, 257 + k as u32);
            b.put(len - LEN_BASE[k], LEN_EXTRA[k]);
            b.code(0, 5); // distance code 0 = distance 1
            i += run;
        } else {
            fixed_code(&mut b, u32::from(data[i]));
            i += 1;
        }
    }
    fixed_code(&mut b, 256);
    b.finish()
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
    // zlib stream: one fixed-Huffman deflate block (DOCX stores its parts
    // uncompressed, so the PNG must compress itself).
    let mut z = vec![0x78, 0x01];
    z.extend_from_slice(&deflate_fixed(&raw));
    z.extend_from_slice(&adler32(&raw).to_be_bytes());
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Series;

    /// A minimal inflater for one fixed-Huffman block (test only).
    fn inflate_fixed(data: &[u8]) -> Vec<u8> {
        let mut pos = 0usize;
        let mut bit = |n: u32| -> u32 {
            let mut v = 0;
            for i in 0..n {
                let b = (data[pos / 8] >> (pos % 8)) & 1;
                v |= u32::from(b) << i;
                pos += 1;
            }
            v
        };
        assert_eq!(bit(1), 1);
        assert_eq!(bit(2), 1);
        let mut out: Vec<u8> = vec![];
        loop {
            // Read a code MSB first, 7 bits then more as needed.
            let mut code = 0;
            for _ in 0..7 {
                code = (code << 1) | bit(1);
            }
            let sym = if code <= 0x17 {
                256 + code
            } else {
                code = (code << 1) | bit(1);
                if (0x30..=0xBF).contains(&code) {
                    code - 0x30
                } else if (0xC0..=0xC7).contains(&code) {
                    280 + code - 0xC0
                } else {
                    code = (code << 1) | bit(1);
                    144 + code - 0x190
                }
            };
            match sym {
                0..=255 => out.push(sym as u8),
                256 => return out,
                _ => {
                    let k = (sym - 257) as usize;
                    let len = LEN_BASE[k] + bit(LEN_EXTRA[k]);
                    let mut dcode = 0;
                    for _ in 0..5 {
                        dcode = (dcode << 1) | bit(1);
                    }
                    assert_eq!(dcode, 0, "only distance 1 is written");
                    for _ in 0..len {
                        let last = *out.last().unwrap();
                        out.push(last);
                    }
                }
            }
        }
    }

    #[test]
    fn deflate_round_trips() {
        let mut data = vec![0u8; 1000];
        data.extend(0..=255u8);
        data.extend(std::iter::repeat_n(7u8, 700));
        data.extend([1, 1, 2, 2, 2, 3, 200, 200, 200, 200]);
        let z = deflate_fixed(&data);
        assert!(z.len() < data.len() / 2, "{} bytes", z.len());
        assert_eq!(inflate_fixed(&z), data);
    }

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
