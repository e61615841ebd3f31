namespace Minix3.Cosmos.Servers.Tty.Line
{
    // The escape sequences the console understands: the ANSI (ECMA-48)
    // subset a full-screen program needs, the same a serial terminal
    // emulator understands, so one program drives both terminals.
    //   ESC [ r ; c H   (or f) cursor to row r, column c (from 1; default 1)
    //   ESC [ n A B C D  cursor up, down, right, left n (default 1), stopping
    //                   at the edges
    //   ESC [ n G       cursor to column n      ESC [ n d  to row n
    //   ESC [ n J       erase: 0 cursor to end of screen, 1 start to
    //                   cursor, 2 all (the cursor stays)
    //   ESC [ n K       erase: 0 cursor to end of line, 1 start to cursor,
    //                   2 the line
    //   ESC [ ... m     attributes: 0 normal, 1 bright, 7 reverse, 22 not
    //                   bright, 27 not reverse
    //   ESC c           reset: clear, home, normal attributes
    // Other sequences (ESC [ ? 25 l and the like) are read to their end and
    // ignored; a malformed one ends at its first unexpected byte, which is
    // then ignored too. Nothing a program writes can leave the parser
    // stuck: a sequence has at most MaxParameters numbers, each capped.
    public sealed partial class Screen
    {
        private enum EscapeState { None, Escape, Csi }

        private const int MaxParameters = 8;
        private const int MaxParameter = 9999;
        private const byte Bright = 0x08;

        private EscapeState _escape;
        private readonly int[] _parameters = new int[MaxParameters];
        private int _parameterCount;
        private bool _privateSequence;
        private bool _reverse, _bright;

        private void Escape(byte value)
        {
            switch (_escape)
            {
                case EscapeState.None:
                    _escape = EscapeState.Escape;
                    return;
                case EscapeState.Escape:
                    if (value == '[')
                    {
                        _escape = EscapeState.Csi;
                        _parameterCount = 0;
                        _parameters[0] = 0;
                        _privateSequence = false;
                        return;
                    }
                    _escape = EscapeState.None;
                    if (value == 'c')
                        Reset();
                    return;
                default:
                    Csi(value);
                    return;
            }
        }

        private void Csi(byte value)
        {
            if (value >= '0' && value <= '9')
            {
                if (_parameterCount == 0)
                    _parameterCount = 1;
                int current = _parameters[_parameterCount - 1] * 10 + (value - '0');
                _parameters[_parameterCount - 1] = current > MaxParameter ? MaxParameter : current;
                return;
            }
            if (value == ';')
            {
                if (_parameterCount == 0)
                    _parameterCount = 1;
                if (_parameterCount < MaxParameters)
                    _parameters[_parameterCount++] = 0;
                return;
            }
            if (value == '?' || value == '>' || value == '=')
            {
                _privateSequence = true;
                return;
            }
            if (value >= 0x20 && value < 0x40)
                return; // intermediate bytes: read past them
            _escape = EscapeState.None;
            if (_privateSequence || value < 0x40 || value > 0x7E)
                return;
            Perform((char)value);
        }

        // Parameter i, or fallback when absent or 0 (where 0 means "default").
        private int Parameter(int i, int fallback) => i < _parameterCount && _parameters[i] > 0 ? _parameters[i] : fallback;

        private void Perform(char final)
        {
            _wrapPending = false;
            switch (final)
            {
                case 'H':
                case 'f':
                    MoveTo(Parameter(0, 1) - 1, Parameter(1, 1) - 1);
                    return;
                case 'A': MoveTo(Row - Parameter(0, 1), Column); return;
                case 'B': MoveTo(Row + Parameter(0, 1), Column); return;
                case 'C': MoveTo(Row, Column + Parameter(0, 1)); return;
                case 'D': MoveTo(Row, Column - Parameter(0, 1)); return;
                case 'G': MoveTo(Row, Parameter(0, 1) - 1); return;
                case 'd': MoveTo(Parameter(0, 1) - 1, Column); return;
                case 'J': EraseScreen(_parameterCount > 0 ? _parameters[0] : 0); return;
                case 'K': EraseLine(_parameterCount > 0 ? _parameters[0] : 0); return;
                case 'm': SetAttributes(); return;
            }
        }

        private void MoveTo(int row, int column)
        {
            Row = row < 0 ? 0 : row >= Rows ? Rows - 1 : row;
            Column = column < 0 ? 0 : column >= Columns ? Columns - 1 : column;
        }

        private void EraseScreen(int mode)
        {
            int cursor = Cursor;
            int from = mode == 0 ? cursor : 0;
            int to = mode == 1 ? cursor + 1 : _cells.Length;
            if (mode > 2)
                return;
            EraseCells(from, to);
        }

        private void EraseLine(int mode)
        {
            int start = Row * Columns;
            int from = mode == 0 ? Cursor : start;
            int to = mode == 1 ? Cursor + 1 : start + Columns;
            if (mode > 2)
                return;
            EraseCells(from, to);
        }

        // Erased cells take the current attribute (reverse video erases to
        // reverse blanks, as terminals do).
        private void EraseCells(int from, int to)
        {
            ushort blank = (ushort)((CurrentAttribute << 8) | ' ');
            for (int i = from; i < to; i++)
                _cells[i] = blank;
        }

        private void SetAttributes()
        {
            if (_parameterCount == 0)
                _reverse = _bright = false;
            for (int i = 0; i < _parameterCount; i++)
            {
                switch (_parameters[i])
                {
                    case 0: _reverse = _bright = false; break;
                    case 1: _bright = true; break;
                    case 7: _reverse = true; break;
                    case 22: _bright = false; break;
                    case 27: _reverse = false; break;
                }
            }
            // Light grey on black; reverse swaps foreground and background.
            byte attribute = _reverse ? (byte)0x70 : Attribute;
            if (_bright)
                attribute |= Bright;
            CurrentAttribute = attribute;
        }

        private void Reset()
        {
            _reverse = _bright = false;
            CurrentAttribute = Attribute;
            Clear();
        }
    }
}
