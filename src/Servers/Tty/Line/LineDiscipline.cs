using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Tty.Line
{
    // Canonical input processing for one terminal (POSIX "ICANON" with
    // ECHO, ICRNL): typed bytes are edited in a line buffer and echoed; a
    // line becomes readable when it ends. Hardware-free: bytes come in
    // through Input, echo goes to an ITerminalOutput, readers take whole
    // lines through Peek/Consume (peek first so that a failed copy to the
    // reader loses nothing).
    //
    //   Enter (CR or LF)  ends the line, delivered with "\n" (an LF right
    //                     after a CR is the same Enter and is dropped)
    //   Backspace, DEL    erases one character ("\b \b")
    //   Ctrl-U            erases the line
    //   Ctrl-D            at the start of a line: end of file (a read
    //                     returns 0); elsewhere delivers the line so far
    //   Ctrl-C            discards the line, echoes "^C\n", calls Interrupted
    // Other control characters are kept and echoed as ^X (two columns);
    // erasing a tab backs up over the columns it took.
    // Everything is bounded: a full line or a full queue of unread lines
    // drops the byte with a bell, so a flood of input cannot grow TTY.
    public sealed class LineDiscipline
    {
        public const int LineCapacity = 255;
        public const int QueueCapacity = 4096;   // bytes of ended, unread lines
        public const int MaxQueuedLines = 64;    // also counts end-of-file marks

        private sealed class Segment
        {
            public byte[] Data = new byte[0];
            public int Offset;
        }

        private readonly ITerminalOutput _echo;
        private readonly byte[] _line = new byte[LineCapacity];
        private readonly Queue<Segment> _ready = new Queue<Segment>();
        private int _length, _queuedBytes;
        private int _startColumn;   // the echo's column when the line's first byte came
        private bool _afterCarriageReturn;

        public LineDiscipline(ITerminalOutput echo) => _echo = echo;

        // Called after Ctrl-C has discarded the line: later the signal to
        // the foreground process group goes out from here.
        public Action? Interrupted;

        // Bytes typed into the line being edited (not yet readable).
        public int EditingLength => _length;

        // A line (or an end of file) is ready for a reader.
        public bool HasInput => _ready.Count > 0;

        // Bytes dropped because the line or the queue was full.
        public long Dropped { get; private set; }

        // Processes one typed byte; true when it made input readable.
        public bool Input(byte value)
        {
            bool afterCr = _afterCarriageReturn;
            _afterCarriageReturn = value == ControlCharacters.CarriageReturn;
            switch (value)
            {
                case ControlCharacters.CarriageReturn:
                case ControlCharacters.LineFeed:
                    if (value == ControlCharacters.LineFeed && afterCr)
                        return false;
                    return EndLine(withNewline: true);
                case ControlCharacters.Backspace:
                case ControlCharacters.Delete:
                    EraseOne();
                    return false;
                case ControlCharacters.KillLine:
                    while (_length > 0)
                        EraseOne();
                    return false;
                case ControlCharacters.EndOfFile:
                    return EndLine(withNewline: false);
                case ControlCharacters.Interrupt:
                    _length = 0;
                    Echo("^C\n");
                    Interrupted?.Invoke();
                    return false;
                default:
                    Append(value);
                    return false;
            }
        }

        // Copies up to `max` bytes of the first ready line into `destination`
        // without taking them; 0 for an end of file (or nothing ready).
        public int Peek(byte[] destination, int max)
        {
            if (_ready.Count == 0)
                return 0;
            Segment first = _ready.Peek();
            int count = first.Data.Length - first.Offset;
            if (count > max)
                count = max;
            if (count > destination.Length)
                count = destination.Length;
            Array.Copy(first.Data, first.Offset, destination, 0, count);
            return count;
        }

        // Takes `count` bytes that Peek gave; a line (or end-of-file mark)
        // fully taken leaves the queue, a partly taken line keeps its rest
        // for the next read.
        public void Consume(int count)
        {
            if (_ready.Count == 0)
                return;
            Segment first = _ready.Peek();
            int left = first.Data.Length - first.Offset;
            if (count > left)
                count = left;
            first.Offset += count;
            _queuedBytes -= count;
            if (first.Offset == first.Data.Length)
                _ready.Dequeue();
        }

        private void Append(byte value)
        {
            // One byte of room stays for the "\n" that ends the line.
            if (_length == LineCapacity || _queuedBytes + _length + 2 > QueueCapacity)
            {
                Dropped++;
                _echo.Put(ControlCharacters.Bell);
                return;
            }
            if (_length == 0)
                _startColumn = _echo.Column;
            _line[_length++] = value;
            EchoCharacter(value);
        }

        // Ends the edited line: with "\n" (Enter) or without (Ctrl-D: the
        // line so far, or an end-of-file mark when the line is empty).
        private bool EndLine(bool withNewline)
        {
            int size = _length + (withNewline ? 1 : 0);
            if (_ready.Count == MaxQueuedLines || _queuedBytes + size > QueueCapacity)
            {
                Dropped++;
                _echo.Put(ControlCharacters.Bell);
                return false;
            }
            var segment = new Segment { Data = new byte[size] };
            Array.Copy(_line, 0, segment.Data, 0, _length);
            if (withNewline)
            {
                segment.Data[_length] = ControlCharacters.LineFeed;
                _echo.Put(ControlCharacters.LineFeed);
            }
            _ready.Enqueue(segment);
            _queuedBytes += segment.Data.Length;
            _length = 0;
            return true;
        }

        // Erases the last byte on screen too: a ^X takes two columns, a tab
        // the columns up to its stop (counted from where the line started,
        // so a prompt before the line is taken into account).
        private void EraseOne()
        {
            if (_length == 0)
                return;
            byte erased = _line[--_length];
            if (erased == ControlCharacters.Tab)
            {
                int before = ColumnAfter(_length), after = ColumnAfter(_length + 1);
                for (int i = before; i < after; i++)
                    _echo.Put(ControlCharacters.Backspace);
                return;
            }
            int columns = IsShownAsCaret(erased) ? 2 : 1;
            for (int i = 0; i < columns; i++)
                Echo("\b \b");
        }

        // The echo's column after the line's first `count` bytes.
        private int ColumnAfter(int count)
        {
            int column = _startColumn;
            for (int i = 0; i < count; i++)
                column = IsShownAsCaret(_line[i]) ? column + 2 : Advance(column, _line[i]);
            return column;
        }

        // Where a byte written at `column` leaves the cursor on a terminal
        // with tab stops every 8 columns.
        public static int Advance(int column, byte value)
        {
            switch (value)
            {
                case ControlCharacters.CarriageReturn:
                case ControlCharacters.LineFeed:
                    return 0;
                case ControlCharacters.Backspace:
                    return column > 0 ? column - 1 : 0;
                case ControlCharacters.Tab:
                    return (column / 8 + 1) * 8;
            }
            return value < 0x20 || value == ControlCharacters.Delete ? column : column + 1;
        }

        private void EchoCharacter(byte value)
        {
            if (IsShownAsCaret(value))
            {
                _echo.Put((byte)'^');
                _echo.Put((byte)(value ^ 0x40));
                return;
            }
            _echo.Put(value);
        }

        // Control characters other than tab are echoed as ^X.
        private static bool IsShownAsCaret(byte value) =>
            (value < 0x20 && value != ControlCharacters.Tab) || value == ControlCharacters.Delete;

        private void Echo(string text)
        {
            for (int i = 0; i < text.Length; i++)
                _echo.Put((byte)text[i]);
        }
    }
}
