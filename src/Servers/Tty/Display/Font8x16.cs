namespace Minix3.Cosmos.Servers.Tty.Display
{
    // The console's bitmap font: 8 pixels wide, 16 high, one byte per row
    // (bit 7 the leftmost pixel), for all 256 values a text cell holds
    // (code page 437). Printable ASCII comes from the pictures in
    // Font8x16.Sheet.cs; 0xDB (CP437's full block, which full-screen
    // programs draw bars with) is ink everywhere; every other value shows
    // the unknown box rather than nothing, so a stray byte is visible.
    public static partial class Font8x16
    {
        public const int Width = 8;
        public const int Height = 16;
        public const int PictureTop = 2;      // cell row of a picture's first row
        public const int PictureRows = 13;
        public const int PictureColumns = 7;
        public const int FirstPictured = 0x20;
        public const int Unknown = 0x7F;      // the last picture: the box
        public const int FullBlock = 0xDB;

        private const int GlyphsPerSheetRow = 8;

        private static byte[]? s_glyphs;

        // Row `row` (0-15) of the glyph for `character`.
        public static byte Row(int character, int row) => Glyphs[(character & 0xFF) * Height + row];

        // 256 glyphs of 16 rows each, built from the sheet on first use.
        public static byte[] Glyphs => s_glyphs ??= Build();

        private static byte[] Build()
        {
            var glyphs = new byte[256 * Height];
            for (int character = FirstPictured; character <= Unknown; character++)
                Draw(glyphs, character, character);
            for (int character = 0; character < 256; character++)
            {
                if (character == FullBlock)
                {
                    for (int row = 0; row < Height; row++)
                        glyphs[character * Height + row] = 0xFF;
                }
                else if (character < FirstPictured || character > Unknown)
                {
                    Draw(glyphs, character, Unknown);
                }
            }
            return glyphs;
        }

        // Copies picture `pictured` of the sheet into the glyph of `character`.
        private static void Draw(byte[] glyphs, int character, int pictured)
        {
            int index = pictured - FirstPictured;
            int first = index / GlyphsPerSheetRow * PictureRows;
            int column = index % GlyphsPerSheetRow * (PictureColumns + 1);
            for (int row = 0; row < PictureRows; row++)
            {
                string line = s_sheet[first + row];
                int bits = 0;
                for (int x = 0; x < PictureColumns; x++)
                {
                    if (line[column + x] == '#')
                        bits |= 0x80 >> x;
                }
                glyphs[character * Height + PictureTop + row] = (byte)bits;
            }
        }
    }
}
