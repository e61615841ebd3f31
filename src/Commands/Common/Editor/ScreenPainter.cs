using System.Text;

namespace Minix3.Cosmos.Commands.Common.Editor;

// Turns the screen the editor wants (one string per row, ASCII, and
// which rows are in reverse video) into the ANSI bytes that change the
// terminal from what it shows now: only rows that differ are written
// (cursor to the row's start, the text, erase the rest), then the cursor
// is placed. The first frame, and one after Invalidate, clears the whole
// screen first. The same bytes drive the console (TTY's Screen.Escapes)
// and a serial terminal emulator.
public sealed class ScreenPainter
{
    private string[]? _shown;
    private bool[]? _shownReverse;

    public int Rows { get; private set; }
    public int Columns { get; private set; }

    public ScreenPainter(int rows, int columns)
    {
        Resize(rows, columns);
    }

    public void Resize(int rows, int columns)
    {
        Rows = rows;
        Columns = columns;
        _shown = null;
    }

    // The next frame repaints everything (^L, or after other output).
    public void Invalidate() => _shown = null;

    public string Frame(string[] rows, bool[] reverse, int cursorRow, int cursorColumn)
    {
        var output = new StringBuilder();
        if (_shown == null)
        {
            output.Append("\u001b[0m\u001b[H\u001b[2J");
            _shown = new string[Rows];
            _shownReverse = new bool[Rows];
            for (int i = 0; i < Rows; i++)
                _shown[i] = "";
        }
        for (int row = 0; row < Rows && row < rows.Length; row++)
        {
            string text = rows[row].Length > Columns ? rows[row].Substring(0, Columns) : rows[row];
            if (text == _shown[row] && reverse[row] == _shownReverse![row])
                continue;
            output.Append("\u001b[").Append(row + 1).Append(";1H");
            if (reverse[row])
                output.Append("\u001b[7m");
            output.Append(text).Append("\u001b[K");
            if (reverse[row])
                output.Append("\u001b[0m");
            _shown[row] = text;
            _shownReverse![row] = reverse[row];
        }
        output.Append("\u001b[").Append(cursorRow + 1).Append(';').Append(cursorColumn + 1).Append('H');
        return output.ToString();
    }

    // Where the editor leaves the terminal: normal attributes, the screen
    // cleared, the cursor home (the shell's prompt comes next).
    public static string Leave() => "\u001b[0m\u001b[H\u001b[2J";
}
