namespace Minix3.Cosmos.Commands.Common.Editor;

// What a key press means to the editor, decoded from the bytes a terminal
// sends (KeyDecoder). Ordinary bytes are Key.Byte with their value.
public enum Key
{
    None,
    Byte,       // a byte to insert (printable, tab, or any byte >= 0x80)
    Enter,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Control,    // Ctrl-<letter>: Value is the letter, 'A'..'Z'
    Escape,
}

public readonly struct KeyPress
{
    public KeyPress(Key key, int value = 0)
    {
        Key = key;
        Value = value;
    }

    public Key Key { get; }
    public int Value { get; }

    public static KeyPress Ctrl(char letter) => new KeyPress(Key.Control, letter);

    public override string ToString() => Key == Key.Byte ? "Byte " + Value.ToString() : Key == Key.Control ? "Ctrl-" + ((char)Value).ToString() : Key.ToString();
}

// Bytes to key presses: the ANSI cursor keys both terminals send (ESC [ A
// and ESC O A, Home and End as ESC [ H / F, ESC [ 1 ~ / 4 ~ and 7 ~ / 8 ~,
// Insert ESC [ 2 ~, Delete ESC [ 3 ~, Page Up/Down ESC [ 5 ~ / 6 ~), CR or
// LF for Enter (LF right after CR is the same Enter), DEL and Ctrl-H for
// Backspace, and the other control bytes as Ctrl-letters. A sequence may
// arrive split over reads: the decoder keeps its state between bytes. An
// ESC that no known sequence follows is the Escape key; the bytes after it
// are then decoded on their own.
public sealed class KeyDecoder
{
    private const byte Esc = 0x1B;

    private enum State { Ground, Escape, Bracket, Ss3 }

    private State _state;
    private int _number;
    private bool _afterCarriageReturn;

    // Feeds one byte; the key it completes, or Key.None (a sequence goes
    // on). escaped: a second key the byte gave (after an ESC that started
    // no sequence), or Key.None.
    public KeyPress Feed(byte value, out KeyPress escaped)
    {
        escaped = default;
        bool afterCr = _afterCarriageReturn;
        _afterCarriageReturn = false;
        switch (_state)
        {
            case State.Escape:
                if (value == '[')
                {
                    _state = State.Bracket;
                    _number = 0;
                    return default;
                }
                if (value == 'O')
                {
                    _state = State.Ss3;
                    return default;
                }
                _state = State.Ground;
                escaped = Plain(value, false);
                return new KeyPress(Key.Escape);
            case State.Ss3:
                _state = State.Ground;
                return Final(value);
            case State.Bracket:
                if (value >= '0' && value <= '9')
                {
                    _number = _number * 10 + (value - '0');
                    if (_number > 999)
                        _number = 999;
                    return default;
                }
                if (value == ';')
                    return default;
                _state = State.Ground;
                return value == '~' ? Tilde(_number) : Final(value);
        }
        return Plain(value, afterCr);
    }

    private KeyPress Plain(byte value, bool afterCr)
    {
        switch (value)
        {
            case Esc:
                _state = State.Escape;
                return default;
            case (byte)'\r':
                _afterCarriageReturn = true;
                return new KeyPress(Key.Enter);
            case (byte)'\n':
                return afterCr ? default : new KeyPress(Key.Enter);
            case 0x7F:
            case 0x08:
                return new KeyPress(Key.Backspace);
            case (byte)'\t':
                return new KeyPress(Key.Byte, value);
        }
        if (value < 0x20)
            return value == 0 ? default : new KeyPress(Key.Control, 'A' + value - 1);
        return new KeyPress(Key.Byte, value);
    }

    private static KeyPress Final(byte value) => value switch
    {
        (byte)'A' => new KeyPress(Key.Up),
        (byte)'B' => new KeyPress(Key.Down),
        (byte)'C' => new KeyPress(Key.Right),
        (byte)'D' => new KeyPress(Key.Left),
        (byte)'H' => new KeyPress(Key.Home),
        (byte)'F' => new KeyPress(Key.End),
        _ => default,
    };

    private static KeyPress Tilde(int number) => number switch
    {
        1 or 7 => new KeyPress(Key.Home),
        4 or 8 => new KeyPress(Key.End),
        3 => new KeyPress(Key.Delete),
        5 => new KeyPress(Key.PageUp),
        6 => new KeyPress(Key.PageDown),
        _ => default,
    };
}
