namespace Minix3.Cosmos.Drivers.Char.Keyboard
{
    // Turns scan code set 1 (what the PS/2 controller delivers with
    // translation on) into ASCII for a US layout: shift, caps lock and ctrl
    // change what a key gives; ctrl+letter is the control character
    // (ctrl-c = 0x03). Key releases only end shift and ctrl. The extended
    // keys (0xE0 prefix) a full-screen program needs give a key code above
    // 0xFF whose bytes are the escape sequence a terminal emulator sends
    // (EscapeSequence: arrows ESC [ A..D, Home ESC [ H, End ESC [ F, Insert
    // ESC [ 2 ~, Delete ESC [ 3 ~, Page Up ESC [ 5 ~, Page Down ESC [ 6 ~);
    // the others, the pause sequence (0xE1) and any byte not in the table
    // give nothing: no input can make it fail.
    public sealed class ScanCodeSet1
    {
        public const int None = -1;

        // Extended keys: KeyBase + their make code.
        public const int KeyBase = 0x100;
        public const int Up = KeyBase + 0x48, Down = KeyBase + 0x50, Left = KeyBase + 0x4B, Right = KeyBase + 0x4D;
        public const int Home = KeyBase + 0x47, End = KeyBase + 0x4F, Insert = KeyBase + 0x52, Delete = KeyBase + 0x53;
        public const int PageUp = KeyBase + 0x49, PageDown = KeyBase + 0x51;

        // The bytes a key code above 0xFF stands for (null for others).
        public static string? EscapeSequence(int key)
        {
            switch (key)
            {
                case Up: return "\u001b[A";
                case Down: return "\u001b[B";
                case Right: return "\u001b[C";
                case Left: return "\u001b[D";
                case Home: return "\u001b[H";
                case End: return "\u001b[F";
                case Insert: return "\u001b[2~";
                case Delete: return "\u001b[3~";
                case PageUp: return "\u001b[5~";
                case PageDown: return "\u001b[6~";
                default: return null;
            }
        }

        private const byte Ctrl = 0x1D;
        private const byte LeftShift = 0x2A, RightShift = 0x36, CapsLock = 0x3A;
        private const byte Release = 0x80, ExtendedPrefix = 0xE0, PausePrefix = 0xE1;
        private const int PauseTail = 5; // E1 1D 45 E1 9D C5: five bytes after the first

        // Indexed by make code 0x00..0x39; '\0' is "no character". Escape
        // (0x01) gives 0x1b, Backspace (0x0E) 0x08, Tab (0x0F) '\t', Enter (0x1C) '\n'.
        private const string Plain = "\0\u001b1234567890-=\b\tqwertyuiop[]\n\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
        private const string Shifted = "\0\u001b!@#$%^&*()_+\b\tQWERTYUIOP{}\n\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";

        private bool _leftShift, _rightShift, _leftCtrl, _rightCtrl, _capsLock, _extended;
        private int _pauseBytesLeft;

        // The character a scan code byte produces, or None.
        public int Decode(byte code)
        {
            if (_pauseBytesLeft > 0)
            {
                _pauseBytesLeft--;
                return None;
            }
            if (code == PausePrefix)
            {
                _pauseBytesLeft = PauseTail;
                return None;
            }
            if (code == ExtendedPrefix)
            {
                _extended = true;
                return None;
            }
            bool released = (code & Release) != 0;
            byte make = (byte)(code & ~Release);
            if (_extended)
            {
                // Right ctrl's state must follow, or a missed release would
                // leave ctrl stuck; the cursor keys give their sequences.
                _extended = false;
                if (make == Ctrl)
                    _rightCtrl = !released;
                if (released || EscapeSequence(KeyBase + make) == null)
                    return None;
                return KeyBase + make;
            }
            switch (make)
            {
                case LeftShift: _leftShift = !released; return None;
                case RightShift: _rightShift = !released; return None;
                case Ctrl: _leftCtrl = !released; return None;
                case CapsLock:
                    if (!released)
                        _capsLock = !_capsLock;
                    return None;
            }
            if (released || make >= Plain.Length)
                return None;
            bool shift = _leftShift || _rightShift;
            char plain = Plain[make];
            if (plain == '\0')
                return None;
            if (plain >= 'a' && plain <= 'z')
            {
                if (_leftCtrl || _rightCtrl)
                    return plain & 0x1F;
                return shift != _capsLock ? plain - 'a' + 'A' : plain;
            }
            return shift ? Shifted[make] : plain;
        }
    }
}
