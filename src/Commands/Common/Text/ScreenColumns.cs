using System;

namespace Minix3.Cosmos.Commands.Common.Text;

// How much room a line takes on a terminal `columns` wide that wraps long
// lines (tabs to the next multiple of 8; a UTF-8 character one column,
// its continuation bytes none; other control bytes none). For more's
// pages and the editor's cursor.
public static class ScreenColumns
{
    public const int TabStop = 8;

    // The column after writing `value` at `column` (unwrapped).
    public static int Advance(int column, byte value)
    {
        if (value == '\t')
            return (column / TabStop + 1) * TabStop;
        if (value < 0x20 || value == 0x7F || (value & 0xC0) == 0x80)
            return column;
        return column + 1;
    }

    public static int Width(ReadOnlySpan<byte> line)
    {
        int column = 0;
        for (int i = 0; i < line.Length; i++)
            column = Advance(column, line[i]);
        return column;
    }

    // Screen rows the line fills: at least one, even when empty.
    public static int Rows(ReadOnlySpan<byte> line, int columns)
    {
        if (columns < 1)
            return 1;
        int width = Width(line);
        return width == 0 ? 1 : (width + columns - 1) / columns;
    }
}
