using System;

namespace Minix3.Cosmos.Servers.Tty.Line
{
    // The console's 80x25 text screen as VGA text mode holds it: one 16-bit
    // cell per character (low byte the character, high byte the colour
    // attribute), row by row. Hardware-free: the console copies Cells to
    // video memory and Cursor to the CRT controller after each batch.
    //   "\n"  next line, column 0 (the console has no separate CR step)
    //   "\r"  column 0        "\t"  next multiple of 8
    //   "\b"  one column left, nothing erased ("\b \b" erases)
    //   bell  ignored         other control bytes below 0x20: ignored
    //   ESC   starts an escape sequence (Screen.Escapes.cs: ANSI cursor
    //         movement, erasing, reverse video), which shows nothing
    // Any other byte is a glyph (code page 437). A glyph in the last column
    // leaves the cursor there, and the next glyph wraps to the next row
    // first (a VT100's pending wrap: a full-width status line at the
    // bottom does not scroll the screen); going past the last row scrolls
    // everything up one row.
    public sealed partial class Screen : ITerminalOutput
    {
        public const int Columns = 80;
        public const int Rows = 25;
        public const int TabStop = 8;
        public const byte Attribute = 0x07; // light grey on black

        private const ushort Blank = (Attribute << 8) | ' ';

        private readonly ushort[] _cells = new ushort[Columns * Rows];

        public Screen()
        {
            Clear();
        }

        public ushort[] Cells => _cells;
        public int Row { get; private set; }
        public int Column { get; private set; }
        // The colour attribute new glyphs get (SGR changes it).
        public byte CurrentAttribute { get; private set; } = Attribute;
        // A glyph went into the last column: the next one wraps first.
        private bool _wrapPending;

        // Cell index of the cursor, as the CRT controller wants it.
        public int Cursor => Row * Columns + Column;

        // The character shown at a position.
        public char CharacterAt(int row, int column) => (char)(_cells[row * Columns + column] & 0xFF);

        // One row's text with trailing blanks removed.
        public string RowText(int row)
        {
            int end = Columns;
            while (end > 0 && CharacterAt(row, end - 1) == ' ')
                end--;
            char[] text = new char[end];
            for (int i = 0; i < end; i++)
                text[i] = CharacterAt(row, i);
            return new string(text, 0, end);
        }

        public void Clear()
        {
            for (int i = 0; i < _cells.Length; i++)
                _cells[i] = Blank;
            Row = 0;
            Column = 0;
            _wrapPending = false;
        }

        // Takes over what is already on the screen (the firmware's and the
        // boot loader's lines): `existing` is copied, and output goes on at
        // the start of the row after the last one holding text.
        public void Adopt(ushort[] existing)
        {
            int count = existing.Length < _cells.Length ? existing.Length : _cells.Length;
            Array.Copy(existing, 0, _cells, 0, count);
            int lastUsed = -1;
            for (int row = 0; row < Rows; row++)
            {
                if (RowText(row).Length > 0)
                    lastUsed = row;
            }
            Column = 0;
            _wrapPending = false;
            Row = lastUsed;
            NextRow();
        }

        public void Put(byte value)
        {
            if (_escape != EscapeState.None || value == ControlCharacters.Escape)
            {
                Escape(value);
                return;
            }
            if (value < 0x20)
                _wrapPending = false;
            switch (value)
            {
                case ControlCharacters.LineFeed:
                    Column = 0;
                    NextRow();
                    return;
                case ControlCharacters.CarriageReturn:
                    Column = 0;
                    return;
                case ControlCharacters.Tab:
                    Column = (Column / TabStop + 1) * TabStop;
                    if (Column >= Columns)
                    {
                        Column = 0;
                        NextRow();
                    }
                    return;
                case ControlCharacters.Backspace:
                    if (Column > 0)
                        Column--;
                    return;
            }
            if (value < 0x20)
                return;
            if (_wrapPending)
            {
                _wrapPending = false;
                Column = 0;
                NextRow();
            }
            _cells[Cursor] = (ushort)((CurrentAttribute << 8) | value);
            if (Column + 1 < Columns)
                Column++;
            else
                _wrapPending = true;
        }

        private void NextRow()
        {
            if (Row + 1 < Rows)
            {
                Row++;
                return;
            }
            Array.Copy(_cells, Columns, _cells, 0, (Rows - 1) * Columns);
            for (int i = (Rows - 1) * Columns; i < _cells.Length; i++)
                _cells[i] = Blank;
        }
    }
}
