using System;
using System.Text;

namespace Minix3.Cosmos.Commands.Common.Editor;

// How a line's bytes look on the screen: a tab to the next multiple of 8,
// a control byte as ^X (two columns), a byte above 0x7E as '?' (one
// column: the console and a serial terminal do not agree on what those
// bytes are, and the cursor must stay where the byte is; the byte itself
// is kept). Everything else as itself.
public static class Display
{
    public const int TabStop = 8;

    public static int Width(byte value, int column)
    {
        if (value == '\t')
            return TabStop - column % TabStop;
        return value < 0x20 || value == 0x7F ? 2 : 1;
    }

    // The screen column where the byte at index starts.
    public static int ColumnOf(ReadOnlySpan<byte> line, int index)
    {
        int column = 0;
        for (int i = 0; i < index && i < line.Length; i++)
            column += Width(line[i], column);
        return column;
    }

    // The index of the byte under screen column `column` (the end of the
    // line when it is shorter).
    public static int IndexAt(ReadOnlySpan<byte> line, int column)
    {
        int at = 0;
        for (int i = 0; i < line.Length; i++)
        {
            int next = at + Width(line[i], at);
            if (next > column)
                return i;
            at = next;
        }
        return line.Length;
    }

    // The line's look from screen column `left`, at most `width` columns.
    public static string Render(ReadOnlySpan<byte> line, int left, int width)
    {
        var text = new StringBuilder();
        int column = 0;
        for (int i = 0; i < line.Length && column < left + width; i++)
        {
            byte b = line[i];
            int w = Width(b, column);
            for (int k = 0; k < w; k++, column++)
            {
                if (column < left || column >= left + width)
                    continue;
                text.Append(Glyph(b, k));
            }
        }
        return text.ToString();
    }

    private static char Glyph(byte value, int part)
    {
        if (value == '\t')
            return ' ';
        if (value < 0x20 || value == 0x7F)
            return part == 0 ? '^' : (char)(value ^ 0x40);
        return value > 0x7E ? '?' : (char)value;
    }
}
