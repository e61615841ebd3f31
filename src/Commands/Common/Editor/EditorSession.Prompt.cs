using System.Text;
using Minix3.Cosmos.Commands.Common.Text;

namespace Minix3.Cosmos.Commands.Common.Editor;

// The status row as a one-line prompt: find, go to line, save as.
public sealed partial class EditorSession
{
    private enum PromptKind { Find, GoTo, SaveAs }

    public const int MaxPromptInput = 200;

    private string? _prompt;
    private PromptKind _promptKind;
    private readonly StringBuilder _input = new StringBuilder();
    private string _lastSearch = "";

    public bool Prompting => _prompt != null;

    private void StartPrompt(PromptKind kind, string prompt, string initial)
    {
        _promptKind = kind;
        _prompt = prompt;
        _input.Clear();
        _input.Append(initial);
    }

    private void HandlePrompt(KeyPress key)
    {
        switch (key.Key)
        {
            case Key.Byte:
                if (key.Value >= 0x20 && key.Value < 0x7F && _input.Length < MaxPromptInput)
                    _input.Append((char)key.Value);
                return;
            case Key.Backspace:
                if (_input.Length > 0)
                    _input.Length--;
                return;
            case Key.Escape:
                Cancel();
                return;
            case Key.Control:
                if (key.Value == 'C' || key.Value == 'G')
                    Cancel();
                return;
            case Key.Enter:
                string answer = _input.ToString();
                _prompt = null;
                Accept(answer);
                return;
        }
    }

    private void Cancel()
    {
        _prompt = null;
        Message = "cancelled";
    }

    private void Accept(string answer)
    {
        switch (_promptKind)
        {
            case PromptKind.Find:
                Find(answer);
                return;
            case PromptKind.GoTo:
                if (!Numbers.TryParse(answer, int.MaxValue, out long number) || number < 1 || number > _text.LineCount)
                {
                    Message = "no line '" + answer + "' (1 to " + _text.LineCount.ToString() + ")";
                    return;
                }
                GoToLine((int)number);
                return;
            default:
                if (answer.Length == 0)
                {
                    Message = "not saved: no file name";
                    return;
                }
                Path = answer;
                Save();
                return;
        }
    }

    // From just after the cursor, wrapping around the end of the text.
    private void Find(string text)
    {
        if (text.Length == 0)
            return;
        _lastSearch = text;
        byte[] needle = Utf8Text.Encode(text);
        int from = Column + 1;
        int line = Line;
        if (from > _text[line].Length)
        {
            line = (line + 1) % _text.LineCount;
            from = 0;
        }
        if (_text.Find(needle, line, from, out int foundLine, out int foundColumn))
        {
            Line = foundLine;
            Column = foundColumn;
            return;
        }
        Message = "not found: " + text;
    }
}
