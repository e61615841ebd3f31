using System.Linq;
using System.Text;
using Minix3.Cosmos.Servers.Tty.Display;
using Minix3.Cosmos.Servers.Tty.Line;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Tty;

// The framebuffer console's drawing, on a byte[] standing in for video
// memory: glyphs from the font in the attribute's colours, both pixel
// formats, padded pitches, centring and scale, cursor, scrolling, and
// that only changed cells are drawn again.
public unsafe class FramebufferRendererTests
{
    private const uint Grey = 0xAAAAAA, Black = 0, BrightWhite = 0xFFFFFF;
    private const byte Junk = 0x77;

    private sealed class Display
    {
        public readonly FramebufferMode Mode;
        public readonly byte[] Pixels;
        public readonly Screen Screen = new Screen();
        public readonly FramebufferRenderer Renderer;

        public Display(int width, int height, int pitch, string format = "bgrx")
        {
            Mode = FramebufferMode.Parse($"address=0x1000 width={width} height={height} pitch={pitch} bpp=32 format={format}", out string error)
                ?? throw new AssertionException(error);
            // On the pinned object heap: the renderer keeps the address, as it keeps the mapped video memory's.
            Pixels = System.GC.AllocateArray<byte>(pitch * height, pinned: true);
            System.Array.Fill(Pixels, Junk);
            fixed (byte* pixels = Pixels)
                Renderer = new FramebufferRenderer(pixels, Mode);
        }

        public void Write(string text)
        {
            foreach (byte b in Encoding.Latin1.GetBytes(text))
                Screen.Put(b);
        }

        public void Show() => Renderer.Show(Screen);

        // The 0x00RRGGBB colour of pixel (x, y) as the format stores it.
        public uint Colour(int x, int y)
        {
            int at = y * Mode.Pitch + x * 4;
            byte b0 = Pixels[at], b1 = Pixels[at + 1], b2 = Pixels[at + 2];
            return Mode.RedFirst ? (uint)(b0 << 16 | b1 << 8 | b2) : (uint)(b2 << 16 | b1 << 8 | b0);
        }

        // The cell's pixels read back as glyph rows: bit set where the pixel is `ink`.
        public byte[] CellRows(int row, int column, uint ink)
        {
            var rows = new byte[Font8x16.Height];
            int scale = Renderer.Scale;
            for (int y = 0; y < Font8x16.Height; y++)
            {
                for (int x = 0; x < Font8x16.Width; x++)
                {
                    int px = Renderer.Left + (column * 8 + x) * scale, py = Renderer.Top + (row * 16 + y) * scale;
                    if (Colour(px, py) == ink)
                        rows[y] |= (byte)(0x80 >> x);
                }
            }
            return rows;
        }
    }

    private static Display Make(int width, int height, int pitch, string format = "bgrx") => new Display(width, height, pitch, format);

    private static byte[] Glyph(char c, bool cursor = false)
    {
        var rows = new byte[Font8x16.Height];
        for (int y = 0; y < rows.Length; y++)
            rows[y] = cursor && y >= Font8x16.Height - FramebufferRenderer.CursorRows ? (byte)0xFF : Font8x16.Row(c, y);
        return rows;
    }

    [Test]
    public void TextIsDrawnWithTheFontInLightGreyOnBlack()
    {
        Display display = Make(640, 400, 640 * 4);
        display.Write("Hi!");
        display.Show();
        Assert.That((display.Renderer.Scale, display.Renderer.Left, display.Renderer.Top), Is.EqualTo((1, 0, 0)));
        Assert.That(display.CellRows(0, 0, Grey), Is.EqualTo(Glyph('H')));
        Assert.That(display.CellRows(0, 1, Grey), Is.EqualTo(Glyph('i')));
        Assert.That(display.CellRows(0, 2, Grey), Is.EqualTo(Glyph('!')));
        Assert.That(display.CellRows(0, 0, Black), Is.EqualTo(Glyph('H').Select(b => (byte)~b).ToArray()), "the rest is background");
        Assert.That(display.Pixels[3], Is.EqualTo(0), "the unused byte of a pixel is 0");
    }

    [Test]
    public void BgrxStoresBlueFirstAndRgbxRedFirst()
    {
        foreach (string format in new[] { "bgrx", "rgbx" })
        {
            Display display = Make(640, 400, 640 * 4, format);
            display.Write("\x1b[1m_");   // bright: light grey becomes white 0xFFFFFF; test a coloured one below
            display.Show();
            Assert.That(display.Renderer.PixelOf(1), Is.EqualTo(format == "bgrx" ? 0x0000AAu : 0xAA0000u), $"{format}: blue as a uint");
            Assert.That(display.Renderer.PixelOf(6), Is.EqualTo(format == "bgrx" ? 0xAA5500u : 0x0055AAu), $"{format}: brown as a uint");
            Assert.That(display.CellRows(0, 0, BrightWhite), Is.EqualTo(Glyph('_')), format);
        }
    }

    [Test]
    public void ColoursFollowTheCellsAttributeInBothFormats()
    {
        foreach (string format in new[] { "bgrx", "rgbx" })
        {
            Display display = Make(640, 400, 640 * 4, format);
            display.Screen.Cells[1] = 0x1E41;   // 'A', yellow on blue, beside the cursor
            display.Show();
            Assert.That(display.CellRows(0, 1, 0xFFFF55), Is.EqualTo(Glyph('A')), format);
            Assert.That(display.Colour(8, 0), Is.EqualTo(0x0000AAu), $"{format}: the background");
            int at = 8 * 4;
            Assert.That(display.Pixels[at..(at + 4)], format == "bgrx" ? Is.EqualTo(new byte[] { 0xAA, 0, 0, 0 }) : Is.EqualTo(new byte[] { 0, 0, 0xAA, 0 }));
        }
    }

    [Test]
    public void ReverseVideoSwapsForegroundAndBackground()
    {
        Display display = Make(640, 400, 640 * 4);
        display.Write("\x1b[7mR");
        display.Show();
        Assert.That(display.CellRows(0, 0, Black), Is.EqualTo(Glyph('R')));
        Assert.That(display.Colour(0, 0), Is.EqualTo(Grey));
    }

    [TestCase(641 * 4 + 3)]
    [TestCase(640 * 4 + 1)]
    [TestCase(1024 * 4)]
    public void PaddedAndOddPitchesPutEachScanlineWhereThePitchSays(int pitch)
    {
        Display display = Make(640, 400, pitch);
        display.Write("\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n      Wq");
        display.Show();
        Assert.That(display.CellRows(24, 6, Grey), Is.EqualTo(Glyph('W')));
        Assert.That(display.CellRows(24, 7, Grey), Is.EqualTo(Glyph('q')));
        Assert.That(display.Pixels[pitch - 1], Is.EqualTo(Junk), "the padding after a scanline is not written");
    }

    [Test]
    public void A1024x768ScreenCentresTheTextAndPaintsTheBorderBlack()
    {
        Display display = Make(1024, 768, 1024 * 4);
        display.Write("x");
        display.Show();
        Assert.That((display.Renderer.Scale, display.Renderer.Left, display.Renderer.Top), Is.EqualTo((1, 192, 184)));
        Assert.That(display.CellRows(0, 0, Grey), Is.EqualTo(Glyph('x')));
        Assert.That(display.Colour(0, 0), Is.EqualTo(Black), "the border: the firmware's picture is gone");
        Assert.That(display.Colour(1023, 767), Is.EqualTo(Black));
    }

    [Test]
    public void ALargeScreenScalesEveryFontPixelToASquare()
    {
        Display display = Make(1920, 1080, 1920 * 4);
        display.Write("M");
        display.Show();
        Assert.That((display.Renderer.Scale, display.Renderer.Left, display.Renderer.Top), Is.EqualTo((2, 320, 140)));
        Assert.That(display.CellRows(0, 0, Grey), Is.EqualTo(Glyph('M')));
        int left = display.Renderer.Left, top = display.Renderer.Top + Font8x16.PictureTop * 2;
        Assert.That(new[] { display.Colour(left, top), display.Colour(left + 1, top), display.Colour(left, top + 1), display.Colour(left + 1, top + 1) },
            Is.All.EqualTo(Grey), "M's top-left pixel is 2x2");
    }

    [Test]
    public void TooSmallAScreenDoesNotFit()
    {
        Assert.That(FramebufferRenderer.Fits(FramebufferMode.Parse("address=0x1000 width=639 height=480 pitch=2556 bpp=32 format=bgrx", out _)!), Is.False);
        Assert.That(FramebufferRenderer.Fits(FramebufferMode.Parse("address=0x1000 width=640 height=400 pitch=2560 bpp=32 format=bgrx", out _)!), Is.True);
    }

    [Test]
    public void TheCursorUnderlinesItsCellAndMovesWithIt()
    {
        Display display = Make(640, 400, 640 * 4);
        display.Write("ab");
        display.Show();
        Assert.That(display.CellRows(0, 2, Grey), Is.EqualTo(Glyph(' ', cursor: true)));
        display.Write("c");
        display.Show();
        Assert.That(display.CellRows(0, 2, Grey), Is.EqualTo(Glyph('c')), "the old cursor cell loses its underline");
        Assert.That(display.CellRows(0, 3, Grey), Is.EqualTo(Glyph(' ', cursor: true)));
        display.Write("\x1b[1;1H");
        display.Show();
        Assert.That(display.CellRows(0, 0, Grey), Is.EqualTo(Glyph('a', cursor: true)), "over a glyph");
        Assert.That(display.CellRows(0, 3, Grey), Is.EqualTo(Glyph(' ')));
    }

    [Test]
    public void ScrollingMovesTheTextUpARow()
    {
        Display display = Make(640, 400, 640 * 4);
        for (int line = 0; line < 25; line++)
            display.Write($"{(char)('A' + line)}\n");
        display.Show();
        Assert.That(display.CellRows(0, 0, Grey), Is.EqualTo(Glyph('B')), "A scrolled off");
        Assert.That(display.CellRows(23, 0, Grey), Is.EqualTo(Glyph('Y')));
        Assert.That(display.CellRows(24, 0, Grey), Is.EqualTo(Glyph(' ', cursor: true)));
        display.Write("z\n");
        display.Show();
        Assert.That(display.CellRows(0, 0, Grey), Is.EqualTo(Glyph('C')));
        Assert.That(display.CellRows(23, 0, Grey), Is.EqualTo(Glyph('z')));
    }

    [Test]
    public void OnlyChangedCellsAreDrawnAgain()
    {
        Display display = Make(640, 400, 640 * 4);
        display.Write("one two");
        display.Show();
        // Mark a pixel of an unchanged cell ('o' at 0,0) and of the changing one (column 8).
        int unchanged = (Font8x16.PictureTop * 640 + 3) * 4, changing = (Font8x16.PictureTop * 640 + 8 * 8 + 3) * 4;
        display.Pixels[unchanged] = Junk;
        display.Pixels[changing] = Junk;
        display.Write("!");
        display.Show();
        Assert.That(display.Pixels[unchanged], Is.EqualTo(Junk), "a cell that did not change is not drawn");
        Assert.That(display.Pixels[changing], Is.Not.EqualTo(Junk), "the changed cell is");
        Assert.That(display.CellRows(0, 7, Grey), Is.EqualTo(Glyph('!')));
    }
}
