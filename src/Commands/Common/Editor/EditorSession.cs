using System;
using System.Text;
using Minix3.Cosmos.Commands.Common.Text;

namespace Minix3.Cosmos.Commands.Common.Editor;

// Where the editor's text is saved: the program writes files through VFS,
// the tests into memory. False, with a reason, when nothing was saved
// (the file on disk is then as it was).
public interface IEditorFiles
{
    bool Save(string path, byte[] bytes, out string error);
}

// The editor `edit`, without a terminal: keys in (Handle), a screen out
// (Paint). The text rows fill the screen but its last row, the status
// line (reverse video): the file's name, [modified], the cursor's line and
// column, and a message or the keys' summary. Keys:
//   arrows, ^P ^N ^B ^F      move            Home ^A, End ^E   line start/end
//   Page Up / Page Down      a screen        ^G                go to a line
//   printable bytes, Tab     insert          Enter             split the line
//   Backspace / Delete ^D    erase before / at the cursor (joining lines)
//   ^K                       delete the line ^W                find text
//   ^S                       save            ^X or ^Q          exit
//   ^L                       repaint
// Exit with unsaved changes asks for a second ^X. A prompt (find, go to,
// save as) takes a line on the status row: Enter accepts, ^C or Escape
// cancels.
public sealed partial class EditorSession
{
    public const string Help = "^S save  ^X exit  ^W find  ^G go to line  ^K cut line";

    private readonly TextBuffer _text;
    private readonly IEditorFiles _files;
    private int _goalColumn = -1;   // the screen column up/down try to keep
    private bool _quitArmed;

    public EditorSession(TextBuffer text, string? path, int rows, int columns, IEditorFiles files)
    {
        _text = text;
        _files = files;
        Path = path;
        Painter = new ScreenPainter(rows < 2 ? 2 : rows, columns < 10 ? 10 : columns);
    }

    public string? Path { get; private set; }
    public TextBuffer Text => _text;
    public ScreenPainter Painter { get; }
    public int Line { get; private set; }
    public int Column { get; private set; }     // a byte index in the line
    public int Top { get; private set; }        // the first line shown
    public int Left { get; private set; }       // the first screen column shown
    public string Message { get; set; } = "";
    public bool Finished { get; private set; }

    private int TextRows => Painter.Rows - 1;

    public void Handle(KeyPress key)
    {
        if (key.Key == Key.None)
            return;
        if (_prompt != null)
        {
            HandlePrompt(key);
            return;
        }
        bool wasArmed = _quitArmed;
        _quitArmed = false;
        Message = "";
        bool vertical = false;
        switch (key.Key)
        {
            case Key.Byte: Insert((byte)key.Value); break;
            case Key.Enter: Enter(); break;
            case Key.Backspace: Backspace(); break;
            case Key.Delete: DeleteHere(); break;
            case Key.Up: MoveLines(-1); vertical = true; break;
            case Key.Down: MoveLines(1); vertical = true; break;
            case Key.PageUp: MoveLines(-(TextRows - 1)); vertical = true; break;
            case Key.PageDown: MoveLines(TextRows - 1); vertical = true; break;
            case Key.Left: Left1(); break;
            case Key.Right: Right1(); break;
            case Key.Home: Column = 0; break;
            case Key.End: Column = _text[Line].Length; break;
            case Key.Control: vertical = Control((char)key.Value, wasArmed); break;
        }
        if (!vertical)
            _goalColumn = -1;
    }

    // True when the key moved the cursor up or down (the goal column stays).
    private bool Control(char letter, bool quitArmed)
    {
        switch (letter)
        {
            case 'P': MoveLines(-1); return true;
            case 'N': MoveLines(1); return true;
            case 'B': Left1(); break;
            case 'F': Right1(); break;
            case 'A': Column = 0; break;
            case 'E': Column = _text[Line].Length; break;
            case 'D': DeleteHere(); break;
            case 'K': CutLine(); break;
            case 'L': Painter.Invalidate(); break;
            case 'S': Save(); break;
            case 'W': StartPrompt(PromptKind.Find, "Find: ", _lastSearch); break;
            case 'G': StartPrompt(PromptKind.GoTo, "Go to line: ", ""); break;
            case 'X':
            case 'Q':
                Quit(quitArmed);
                break;
            default:
                Message = "^" + letter.ToString() + " does nothing here; " + Help;
                break;
        }
        return false;
    }

    private void Insert(byte value)
    {
        _text.Insert(Line, Column, value);
        Column++;
    }

    private void Enter()
    {
        _text.Split(Line, Column);
        Line++;
        Column = 0;
    }

    private void Backspace()
    {
        if (Column > 0)
        {
            Column--;
            _text.Delete(Line, Column);
        }
        else if (Line > 0)
        {
            Line--;
            Column = _text[Line].Length;
            _text.Delete(Line, Column);
        }
    }

    private void DeleteHere() => _text.Delete(Line, Column);

    private void CutLine()
    {
        _text.DeleteLine(Line);
        if (Line >= _text.LineCount)
            Line = _text.LineCount - 1;
        Column = 0;
    }

    private void Left1()
    {
        if (Column > 0)
            Column--;
        else if (Line > 0)
            Column = _text[--Line].Length;
    }

    private void Right1()
    {
        if (Column < _text[Line].Length)
            Column++;
        else if (Line + 1 < _text.LineCount)
        {
            Line++;
            Column = 0;
        }
    }

    // Up or down by count lines, keeping the screen column the cursor had
    // when the vertical moves began.
    private void MoveLines(int count)
    {
        if (_goalColumn < 0)
            _goalColumn = Display.ColumnOf(_text[Line].Bytes, Column);
        Line = Math.Clamp(Line + count, 0, _text.LineCount - 1);
        Column = Display.IndexAt(_text[Line].Bytes, _goalColumn);
    }

    public void GoToLine(int number)
    {
        Line = Math.Clamp(number - 1, 0, _text.LineCount - 1);
        Column = 0;
    }

    private void Save()
    {
        if (Path == null)
        {
            StartPrompt(PromptKind.SaveAs, "Save as: ", "");
            return;
        }
        byte[] bytes = _text.Save();
        if (!_files.Save(Path, bytes, out string error))
        {
            Message = "not saved: " + Path + ": " + error;
            return;
        }
        _text.Modified = false;
        Message = "saved " + Path + ": " + _text.LineCount.ToString() + " lines, " + bytes.Length.ToString() + " bytes";
    }

    private void Quit(bool armed)
    {
        if (_text.Modified && !armed)
        {
            _quitArmed = true;
            Message = "unsaved changes: ^S saves them, ^X again exits without saving";
            return;
        }
        Finished = true;
    }

    // The screen as text rows, the status row last, and the cursor; the
    // view scrolls so that the cursor is on it.
    public string Paint()
    {
        int columns = Painter.Columns;
        if (Line < Top)
            Top = Line;
        if (Line >= Top + TextRows)
            Top = Line - TextRows + 1;
        int cursorColumn = Display.ColumnOf(_text[Line].Bytes, Column);
        // Sideways by half a screen, so a long line does not scroll at every key.
        if (cursorColumn < Left || cursorColumn >= Left + columns)
            Left = Math.Max(0, cursorColumn - columns / 2);
        var rows = new string[Painter.Rows];
        var reverse = new bool[Painter.Rows];
        for (int row = 0; row < TextRows; row++)
        {
            int line = Top + row;
            rows[row] = line < _text.LineCount ? Display.Render(_text[line].Bytes, Left, columns) : "~";
        }
        rows[TextRows] = StatusLine(columns);
        reverse[TextRows] = true;
        int cursorRow = Line - Top, cursorScreenColumn = cursorColumn - Left;
        if (_prompt != null)
        {
            cursorRow = TextRows;
            cursorScreenColumn = Math.Min(columns - 1, _prompt.Length + _input.Length);
        }
        return Painter.Frame(rows, reverse, cursorRow, cursorScreenColumn);
    }

    private string StatusLine(int columns)
    {
        if (_prompt != null)
            return Fit(_prompt + _input.ToString(), columns);
        // A message has the whole row until the next key.
        if (Message.Length > 0)
            return Fit(" " + Message, columns);
        string name = Path ?? "(new file)";
        string where = "line " + (Line + 1).ToString() + "/" + _text.LineCount.ToString() + " col " + (Column + 1).ToString();
        return Fit(" " + name + (_text.Modified ? " [modified]" : "") + "  " + where + "  " + Help, columns);
    }

    // Printable ASCII only, at most columns - 1 long (the last cell is
    // never written, whatever the terminal does at the right margin).
    private static string Fit(string text, int columns)
    {
        var fitted = new StringBuilder();
        for (int i = 0; i < text.Length && fitted.Length < columns - 1; i++)
            fitted.Append(text[i] >= 0x20 && text[i] < 0x7F ? text[i] : '?');
        return fitted.ToString();
    }
}
