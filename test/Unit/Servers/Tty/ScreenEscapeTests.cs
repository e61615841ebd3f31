using System.Text;
using Minix3.Cosmos.Servers.Tty.Line;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Tty;

// The console's escape sequences (Screen.Escapes.cs): what a full-screen
// program writes to place the cursor, erase and show a status line.
public class ScreenEscapeTests
{
    private static Screen Write(string text, Screen? screen = null)
    {
        screen ??= new Screen();
        foreach (byte b in Encoding.Latin1.GetBytes(text))
            screen.Put(b);
        return screen;
    }

    private const string Esc = "\u001b";

    [Test]
    public void CursorPositionIsOneBasedAndDefaultsToHome()
    {
        Screen screen = Write($"{Esc}[3;5Hx{Esc}[Hy{Esc}[;2Hz{Esc}[10fw");
        Assert.That(screen.CharacterAt(2, 4), Is.EqualTo('x'));
        Assert.That(screen.CharacterAt(0, 0), Is.EqualTo('y'));
        Assert.That(screen.CharacterAt(0, 1), Is.EqualTo('z'));
        Assert.That(screen.CharacterAt(9, 0), Is.EqualTo('w'));
    }

    [Test]
    public void RelativeMovesStopAtTheEdges()
    {
        Screen screen = Write($"{Esc}[5;5H{Esc}[2A{Esc}[3C{Esc}[B{Esc}[D");
        Assert.That((screen.Row, screen.Column), Is.EqualTo((3, 6)));
        Write($"{Esc}[99A{Esc}[999D", screen);
        Assert.That((screen.Row, screen.Column), Is.EqualTo((0, 0)));
        Write($"{Esc}[99B{Esc}[999C", screen);
        Assert.That((screen.Row, screen.Column), Is.EqualTo((24, 79)));
        Write($"{Esc}[12G{Esc}[7d", screen);
        Assert.That((screen.Row, screen.Column), Is.EqualTo((6, 11)));
    }

    [Test]
    public void ErasingLinesAndTheScreen()
    {
        Screen screen = Write("abcdef\nsecond\nthird");
        Write($"{Esc}[1;3H{Esc}[K", screen);
        Assert.That(screen.RowText(0), Is.EqualTo("ab"));
        Write($"{Esc}[2;3H{Esc}[1K", screen);
        Assert.That(screen.RowText(1), Is.EqualTo("   ond"));
        Write($"{Esc}[2K", screen);
        Assert.That(screen.RowText(1), Is.Empty);
        Write($"{Esc}[1;2H{Esc}[J", screen);
        Assert.That((screen.RowText(0), screen.RowText(2)), Is.EqualTo(("a", "")));
        Write($"x{Esc}[2J", screen);
        Assert.That(screen.RowText(0), Is.Empty);
        Assert.That((screen.Row, screen.Column), Is.EqualTo((0, 2)), "erasing the screen leaves the cursor");
    }

    [Test]
    public void ReverseVideoAndBrightChangeTheAttribute()
    {
        Screen screen = Write($"{Esc}[7mR{Esc}[0mn{Esc}[1;7mB{Esc}[22mr{Esc}[27mN{Esc}[mX");
        Assert.That(screen.Cells[0] >> 8, Is.EqualTo(0x70));
        Assert.That(screen.Cells[1] >> 8, Is.EqualTo(0x07));
        Assert.That(screen.Cells[2] >> 8, Is.EqualTo(0x78));
        Assert.That(screen.Cells[3] >> 8, Is.EqualTo(0x70));
        Assert.That(screen.Cells[4] >> 8, Is.EqualTo(0x07));
        Assert.That(screen.Cells[5] >> 8, Is.EqualTo(0x07));
        Write($"{Esc}[2;1H{Esc}[7m{Esc}[K{Esc}[m", screen);
        Assert.That(screen.Cells[80 + 40] >> 8, Is.EqualTo(0x70), "a line erased in reverse video is a reverse bar");
    }

    [Test]
    public void UnknownAndMalformedSequencesShowNothingAndEnd()
    {
        Screen screen = Write($"a{Esc}[?25l{Esc}[?25hb{Esc}[1;2;3;4;5;6;7;8;9;10;99999999zc{Esc}(Bd{Esc}[>0ce{Esc}[5;5\u0001f");
        Assert.That(screen.RowText(0), Is.EqualTo("abcBdef"), "ESC ( ends at '(' and B is then a glyph; a control byte ends a sequence");
    }

    [Test]
    public void ResetClearsEverything()
    {
        Screen screen = Write($"text{Esc}[7m{Esc}c");
        Assert.That((screen.RowText(0), screen.Cursor, screen.CurrentAttribute), Is.EqualTo(("", 0, Screen.Attribute)));
    }
}
