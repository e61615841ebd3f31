using System;
using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;

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
    //
    // Without Canonical (a full-screen program's raw mode) every typed byte
    // is readable at once, exactly as typed (CR stays CR, Ctrl-C and Ctrl-D
    // are bytes like others) and a read takes all of them; Echo shows them
    // as they are. A line being edited when raw mode starts becomes
    // readable as it is; raw bytes unread when line mode comes back are
    // read first. A full queue drops raw bytes (counted in Dropped).
    public sealed class LineDiscipline
    {
        public const int LineCapacity = 255;
        public const int QueueCapacity = 4096;   // bytes of ended, unread lines
        public const int MaxQueuedLines = 64;    // also counts end-of-file marks

        // A line (or an end-of-file mark, empty), or a run of raw bytes
        // that later raw bytes join (Length of Data used).
        private sealed class Segment
        {
            public byte[] Data = new byte[0];
            public int Length;
            public int Offset;
            public bool Raw;
        }

        private readonly ITerminalOutput _echo;
        private readonly byte[] _line = new byte[LineCapacity];
        private readonly Queue<Segment> _ready = new Queue<Segment>();
        private int _length, _queuedBytes;
        private int _startColumn;   // the echo's column when the line's first byte came
        private bool _afterCarriageReturn;

        public LineDiscipline(ITerminalOutput echo) => _echo = echo;

        // TerminalMode bits (Lib/Ipc TerminalProtocol): Canonical and Echo.
        public int Mode { get; private set; } = TerminalMode.Canonical | TerminalMode.Echo;

        public bool Canonical => (Mode & TerminalMode.Canonical) != 0;

        // Changes the mode; true when input became readable by it (the
        // edited line, handed over as raw bytes).
        public bool SetMode(int mode)
        {
            bool wasCanonical = Canonical;
            Mode = mode & TerminalMode.Known;
            if (!wasCanonical || Canonical || _length == 0)
                return false;
            for (int i = 0; i < _length; i++)
                AppendRaw(_line[i]);
            _length = 0;
            return true;
        }

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
            if (!Canonical)
            {
                if (!AppendRaw(value))
                    return false;
                if ((Mode & TerminalMode.Echo) != 0)
                    Put(value);
                return true;
            }
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
            int count = first.Length - first.Offset;
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
            int left = first.Length - first.Offset;
            if (count > left)
                count = left;
            first.Offset += count;
            _queuedBytes -= count;
            if (first.Offset == first.Length)
            {
                _ready.Dequeue();
                if (_lastRaw == first)
                    _lastRaw = null;
            }
        }

        // The raw segment later raw bytes join (the queue's last one).
        private Segment? _lastRaw;

        // False when the queue is full (the byte is dropped).
        private bool AppendRaw(byte value)
        {
            if (_queuedBytes + 1 > QueueCapacity)
            {
                Dropped++;
                return false;
            }
            Segment? tail = _lastRaw;
            if (tail == null)
            {
                if (_ready.Count == MaxQueuedLines)
                {
                    Dropped++;
                    return false;
                }
                tail = new Segment { Data = new byte[64], Raw = true };
                _ready.Enqueue(tail);
                _lastRaw = tail;
            }
            if (tail.Length == tail.Data.Length)
            {
                byte[] bigger = new byte[tail.Data.Length * 2];
                Array.Copy(tail.Data, 0, bigger, 0, tail.Length);
                tail.Data = bigger;
            }
            tail.Data[tail.Length++] = value;
            _queuedBytes++;
            return true;
        }

        private void Append(byte value)
        {
            // One byte of room stays for the "\n" that ends the line.
            if (_length == LineCapacity || _queuedBytes + _length + 2 > QueueCapacity)
            {
                Dropped++;
                Put(ControlCharacters.Bell);
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
                Put(ControlCharacters.Bell);
                return false;
            }
            var segment = new Segment { Data = new byte[size], Length = size };
            Array.Copy(_line, 0, segment.Data, 0, _length);
            if (withNewline)
            {
                segment.Data[_length] = ControlCharacters.LineFeed;
                Put(ControlCharacters.LineFeed);
            }
            _ready.Enqueue(segment);
            // A line ends the raw run before it: later raw bytes start a new one.
            _lastRaw = null;
            _queuedBytes += segment.Length;
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
                    Put(ControlCharacters.Backspace);
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
                Put((byte)'^');
                Put((byte)(value ^ 0x40));
                return;
            }
            Put(value);
        }

        // Control characters other than tab are echoed as ^X.
        private static bool IsShownAsCaret(byte value) =>
            (value < 0x20 && value != ControlCharacters.Tab) || value == ControlCharacters.Delete;

        // Echo of what is typed, only while the mode says Echo (a
        // password prompt turns it off; the line is still edited).
        private void Put(byte value)
        {
            if ((Mode & TerminalMode.Echo) != 0)
                _echo.Put(value);
        }

        private void Echo(string text)
        {
            for (int i = 0; i < text.Length; i++)
                Put((byte)text[i]);
        }
    }
}
