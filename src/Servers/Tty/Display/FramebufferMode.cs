namespace Minix3.Cosmos.Servers.Tty.Display
{
    // The "framebuffer" boot module a loader adds when it left the screen
    // in a linear graphics mode (UEFI's GOP, or a BIOS path that set one):
    // one ASCII line, fields separated by single spaces,
    //   address=0x<hex> width=<dec> height=<dec> pitch=<dec> bpp=32 format=<bgrx|rgbx>
    // pitch is the bytes from one scanline to the next (at least width * 4;
    // firmware pads it, not always to a multiple of 4). bgrx keeps a pixel's
    // blue byte first in memory, rgbx its red. Every field must be there
    // once; unknown fields are ignored (a later loader may add some);
    // anything else is refused with the reason, so TTY can say why it fell
    // back to the text console. Hardware-free: also compiled by test/Unit.
    public sealed class FramebufferMode
    {
        public const int MaxSide = 16384;
        public const int BytesPerPixel = 4;

        public ulong Address { get; private set; }
        public int Width { get; private set; }
        public int Height { get; private set; }
        public int Pitch { get; private set; }
        // rgbx: red in the pixel's first byte; otherwise bgrx.
        public bool RedFirst { get; private set; }

        // The bytes the mode spans, from Address.
        public ulong Bytes => (ulong)Pitch * (ulong)Height;

        // The module's text (a trailing newline or NUL is fine), or null with `error` set.
        public static FramebufferMode? Parse(string text, out string error)
        {
            var mode = new FramebufferMode();
            bool address = false, width = false, height = false, pitch = false, bpp = false, format = false;
            int at = 0;
            while (at < text.Length)
            {
                char c = text[at];
                if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\0')
                {
                    at++;
                    continue;
                }
                int end = at;
                while (end < text.Length && text[end] != ' ' && text[end] != '\n' && text[end] != '\r' && text[end] != '\t' && text[end] != '\0')
                    end++;
                string field = text.Substring(at, end - at);
                at = end;
                int equals = field.IndexOf('=');
                if (equals <= 0)
                {
                    error = string.Concat("field '", field, "' is not name=value");
                    return null;
                }
                string name = field.Substring(0, equals), value = field.Substring(equals + 1);
                bool seen;
                if (name == "address")
                {
                    seen = address;
                    address = TryHex(value, out ulong parsed) && parsed != 0;
                    mode.Address = parsed;
                    if (!address)
                        return Fail("address must be 0x and hexadecimal digits, not 0", out error);
                }
                else if (name == "width" || name == "height" || name == "pitch" || name == "bpp")
                {
                    seen = name == "width" ? width : name == "height" ? height : name == "pitch" ? pitch : bpp;
                    if (!TryDecimal(value, out int number))
                        return Fail(string.Concat(name, " must be a decimal number from 1 to ", MaxSide.ToString(), " (pitch: ", (MaxSide * BytesPerPixel).ToString(), ")"), out error);
                    if (name == "width") { mode.Width = number; width = true; }
                    else if (name == "height") { mode.Height = number; height = true; }
                    else if (name == "pitch") { mode.Pitch = number; pitch = true; }
                    else if (number != 32)
                        return Fail("bpp must be 32", out error);
                    else bpp = true;
                }
                else if (name == "format")
                {
                    seen = format;
                    if (value != "bgrx" && value != "rgbx")
                        return Fail(string.Concat("format '", value, "' is not bgrx or rgbx"), out error);
                    mode.RedFirst = value == "rgbx";
                    format = true;
                }
                else
                {
                    continue;
                }
                if (seen)
                    return Fail(string.Concat("field '", name, "' given twice"), out error);
            }
            if (!(address && width && height && pitch && bpp && format))
                return Fail("address, width, height, pitch, bpp and format are all needed", out error);
            if (mode.Width > MaxSide || mode.Height > MaxSide)
                return Fail(string.Concat("width and height are at most ", MaxSide.ToString()), out error);
            if ((ulong)mode.Pitch < (ulong)mode.Width * BytesPerPixel)
                return Fail("pitch is less than width * 4", out error);
            if (mode.Address + mode.Bytes < mode.Address)
                return Fail("the framebuffer runs past the end of the address space", out error);
            error = "";
            return mode;
        }

        private static FramebufferMode? Fail(string why, out string error)
        {
            error = why;
            return null;
        }

        // 0x followed by 1-16 hexadecimal digits.
        private static bool TryHex(string text, out ulong value)
        {
            value = 0;
            if (text.Length < 3 || text.Length > 18 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
                return false;
            for (int i = 2; i < text.Length; i++)
            {
                char c = text[i];
                int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (digit < 0)
                    return false;
                value = value << 4 | (uint)digit;
            }
            return true;
        }

        // 1 to MaxSide * BytesPerPixel (the largest pitch), in decimal.
        private static bool TryDecimal(string text, out int value)
        {
            value = 0;
            if (text.Length == 0 || text.Length > 6)
                return false;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                    return false;
                value = value * 10 + (text[i] - '0');
            }
            return value >= 1 && value <= MaxSide * BytesPerPixel;
        }
    }
}
