using Minix3.Cosmos.Servers.Tty.Line;

namespace Minix3.Cosmos.Servers.Tty.Display
{
    // Draws the screen model (Line/Screen: 80x25 cells, VGA attributes) on
    // a linear 32-bit framebuffer with Font8x16. The model has a fixed size
    // (programs are told 80x25), so the text area is 640x400 pixels times
    // the largest whole scale that fits, centred, with a black border:
    // 1024x768 shows it at 1x, 1920x1080 at 2x, 3840x2160 at 5x.
    //
    // Only what changed is drawn: the renderer keeps the cells and cursor
    // it last drew and redraws a cell whose character or colours differ,
    // plus the old and the new cursor cell. A scroll changes most cells and
    // so redraws most of the area; reading pixels back to move them would
    // be slower still, since device memory is mapped uncached. The first
    // Show paints the whole framebuffer (the firmware's picture goes).
    //
    // The cursor is the cell's bottom two pixel rows in its foreground
    // colour, always shown (no blinking: TTY has no timer to spare for it).
    // Hardware-free: writes through a pointer to the mapped pixels, and a
    // unit test hands it a pinned byte[] (test/Unit/Servers/Tty).
    public sealed unsafe class FramebufferRenderer
    {
        public const int TextWidth = Screen.Columns * Font8x16.Width;    // 640
        public const int TextHeight = Screen.Rows * Font8x16.Height;     // 400
        public const int CursorRows = 2;

        // The 16 VGA colours (attribute nibbles) as 0x00RRGGBB: the CGA
        // intensities 0x00, 0x55, 0xAA, 0xFF, brown's green halved.
        private static readonly uint[] s_palette =
        {
            0x000000, 0x0000AA, 0x00AA00, 0x00AAAA, 0xAA0000, 0xAA00AA, 0xAA5500, 0xAAAAAA,
            0x555555, 0x5555FF, 0x55FF55, 0x55FFFF, 0xFF5555, 0xFF55FF, 0xFFFF55, 0xFFFFFF,
        };

        private readonly byte* _pixels;
        private readonly FramebufferMode _mode;
        private readonly uint[] _colours = new uint[16];
        private readonly ushort[] _shown = new ushort[Screen.Columns * Screen.Rows];
        private int _shownCursor = -1;
        private bool _painted;

        public FramebufferRenderer(byte* pixels, FramebufferMode mode)
        {
            _pixels = pixels;
            _mode = mode;
            Scale = ScaleFor(mode);
            Left = (mode.Width - TextWidth * Scale) / 2;
            Top = (mode.Height - TextHeight * Scale) / 2;
            for (int i = 0; i < 16; i++)
                _colours[i] = mode.RedFirst ? Swizzle(s_palette[i]) : s_palette[i];
        }

        // Pixel size of one font pixel, and where the text area starts.
        public int Scale { get; }
        public int Left { get; }
        public int Top { get; }

        // Whether the mode can show 80x25 at all (at least 640x400).
        public static bool Fits(FramebufferMode mode) => ScaleFor(mode) > 0;

        public static int ScaleFor(FramebufferMode mode)
        {
            int across = mode.Width / TextWidth, down = mode.Height / TextHeight;
            return across < down ? across : down;
        }

        // A palette colour (0x00RRGGBB) as the 32-bit little-endian pixel
        // value the mode wants: bgrx stores B, G, R, X in memory, which is
        // 0x00RRGGBB read as one uint; rgbx stores R, G, B, X.
        public uint PixelOf(int colour) => _colours[colour & 0xF];

        private static uint Swizzle(uint rgb) => ((rgb & 0xFF) << 16) | (rgb & 0xFF00) | ((rgb >> 16) & 0xFF);

        // Draws what changed since the last Show: cells, then the cursor.
        public void Show(Screen screen)
        {
            ushort[] cells = screen.Cells;
            int cursor = screen.Cursor;
            if (!_painted)
            {
                Fill(PixelOf(0));
                _painted = true;
                for (int i = 0; i < cells.Length; i++)
                    Draw(i, cells[i], i == cursor);
            }
            else
            {
                bool moved = cursor != _shownCursor;
                for (int i = 0; i < cells.Length; i++)
                {
                    if (cells[i] != _shown[i] || (moved && (i == cursor || i == _shownCursor)))
                        Draw(i, cells[i], i == cursor);
                }
            }
            for (int i = 0; i < cells.Length; i++)
                _shown[i] = cells[i];
            _shownCursor = cursor;
        }

        // One cell: its glyph in the attribute's foreground on its
        // background (bits 4-6; bit 7, blink in VGA text, is ignored).
        private void Draw(int index, ushort cell, bool cursor)
        {
            int character = cell & 0xFF, attribute = cell >> 8;
            uint foreground = PixelOf(attribute & 0xF), background = PixelOf((attribute >> 4) & 0x7);
            int column = index % Screen.Columns, row = index / Screen.Columns;
            int x0 = Left + column * Font8x16.Width * Scale;
            int y0 = Top + row * Font8x16.Height * Scale;
            for (int glyphRow = 0; glyphRow < Font8x16.Height; glyphRow++)
            {
                int bits = cursor && glyphRow >= Font8x16.Height - CursorRows ? 0xFF : Font8x16.Row(character, glyphRow);
                for (int repeat = 0; repeat < Scale; repeat++)
                {
                    // Pitch may be any byte count: the row pointer need not be 4-aligned (x86 does not mind).
                    uint* line = (uint*)(_pixels + (long)(y0 + glyphRow * Scale + repeat) * _mode.Pitch) + x0;
                    for (int x = 0; x < Font8x16.Width; x++)
                    {
                        uint pixel = (bits & (0x80 >> x)) != 0 ? foreground : background;
                        for (int wide = 0; wide < Scale; wide++)
                            *line++ = pixel;
                    }
                }
            }
        }

        private void Fill(uint pixel)
        {
            for (int y = 0; y < _mode.Height; y++)
            {
                uint* line = (uint*)(_pixels + (long)y * _mode.Pitch);
                for (int x = 0; x < _mode.Width; x++)
                    line[x] = pixel;
            }
        }
    }
}
