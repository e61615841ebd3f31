using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Tty.Line;

namespace Minix3.Cosmos.Servers.Tty
{
    // The terminals as character device minors (DriverProtocol):
    //   0  the console: keyboard in, VGA text or framebuffer screen out
    //   1  the serial terminal on COM2: serial driver in and out ("\n" out
    //      goes as "\r\n")
    // Each has a line discipline (Line/LineDiscipline): in line mode a read
    // gets at most one whole line (in raw mode, set by Ioctl, every byte as
    // typed); a waiting read (ReadWait) with no line ready is held
    // by the library (CharDriver) and completed when a line ends; a plain
    // read answers at once, 0 bytes when no line is ready. Typed input
    // reaches TTY as the late replies of its waiting reads at the drivers
    // below (ReplyReceived), never by blocking on them.
    internal sealed unsafe class TtyDriver : CharDriver
    {
        public const int ConsoleMinor = 0;
        public const int SerialMinor = 1;
        private const int Chunk = 256;
        private const int SerialOutputBytes = 512;

        private readonly IConsole _console;
        private readonly DriverLink _keyboard, _serial;
        private readonly SerialOutput _serialOutput;
        private readonly LineDiscipline[] _lines = new LineDiscipline[2];
        private readonly byte[] _lineBytes = new byte[LineDiscipline.QueueCapacity];
        private int _serialStatus;
        // The serial terminal's size as last set (a serial line cannot
        // tell); the console's is the screen's.
        private int _serialRows = 24, _serialColumns = 80;
        // Each terminal's foreground process group (TerminalIoctl.SetGroup):
        // the processes its Ctrl-C interrupts.
        private readonly int[] _foreground = new int[2];

        public TtyDriver(IConsole console, DriverLink keyboard, DriverLink serial)
        {
            _console = console;
            _keyboard = keyboard;
            _serial = serial;
            _serialOutput = new SerialOutput(SerialOutputBytes, SendToSerial);
            _lines[ConsoleMinor] = new LineDiscipline(console.Screen);
            _lines[SerialMinor] = new LineDiscipline(_serialOutput);
            _lines[ConsoleMinor].Interrupted = () => Interrupt(ConsoleMinor);
            _lines[SerialMinor].Interrupted = () => Interrupt(SerialMinor);
        }

        // Starts input: a waiting read at each driver below, and follows
        // their restarts (DriverRestarts).
        public void Start()
        {
            DriverRestarts.Subscribe(Links());
            _keyboard.PostRead();
            _serial.PostRead();
            Devices.SetAlarm(DriverLink.ReadCheckMs);
        }

        // The clock: are the drivers below still holding TTY's reads?
        protected override void Alarm()
        {
            long now = Process.UptimeMs();
            _keyboard.CheckRead(now);
            _serial.CheckRead(now);
            Devices.SetAlarm(DriverLink.ReadCheckMs);
        }

        // DS telling of a changed "ep.<label>": a driver below may have been
        // restarted. Anyone else's notification means nothing to TTY.
        protected override void Notified(Endpoint source)
        {
            if (DriverRestarts.IsDataStore(source) && DriverRestarts.Changed(Links()))
            {
                // Reads held for a terminal whose driver went down fail now.
                CompletePendingReads();
                SelectChanged();
            }
        }

        private DriverLink[] Links()
        {
            // Only drivers found at start: minor 1 exists only with a serial driver.
            if (_serial.Driver.IsNone)
                return _keyboard.Driver.IsNone ? new DriverLink[0] : new[] { _keyboard };
            return _keyboard.Driver.IsNone ? new[] { _serial } : new[] { _keyboard, _serial };
        }

        protected override int Open(int minor, int access) => Exists(minor) ? Status.Ok : DriverStatus.NoSuchDevice;
        protected override int Close(int minor) => Exists(minor) ? Status.Ok : DriverStatus.NoSuchDevice;

        // TerminalIoctl (Lib/Ipc TerminalProtocol): the mode (line or raw
        // input, echo) and the size, in a TerminalSettings block.
        protected override int Ioctl(int minor, long request, GrantedBuffer buffer)
        {
            if (!Exists(minor))
                return DriverStatus.NoSuchDevice;
            if (request == TerminalIoctl.GetGroup || request == TerminalIoctl.SetGroup)
                return GroupIoctl(minor, request, buffer);
            if (request != TerminalIoctl.GetSettings && request != TerminalIoctl.SetSettings)
                return DriverStatus.NotATypewriter;
            if (buffer.Length < TerminalSettings.Size)
                return Status.BadArgument;
            TerminalSettings settings;
            if (request == TerminalIoctl.GetSettings)
            {
                settings = default;
                settings.Mode = _lines[minor].Mode;
                settings.Rows = minor == ConsoleMinor ? Screen.Rows : _serialRows;
                settings.Columns = minor == ConsoleMinor ? Screen.Columns : _serialColumns;
                int copied = buffer.CopyToClient(0, (byte*)&settings, TerminalSettings.Size);
                return copied < 0 ? copied : TerminalSettings.Size;
            }
            int status = buffer.CopyFromClient(0, (byte*)&settings, TerminalSettings.Size);
            if (status < 0)
                return status;
            if ((settings.Mode & ~TerminalMode.Known) != 0 || settings.Rows < 0 || settings.Columns < 0 ||
                settings.Rows > 1000 || settings.Columns > 1000)
                return Status.BadArgument;
            if (minor == SerialMinor && settings.Rows > 0 && settings.Columns > 0)
            {
                _serialRows = settings.Rows;
                _serialColumns = settings.Columns;
            }
            if (_lines[minor].SetMode(settings.Mode))
            {
                CompletePendingReads();
                SelectChanged();
            }
            return 0;
        }

        // Select: readable when a read would not wait (a line, or in raw
        // mode a byte; or its driver is down, and it fails at once), always
        // writable.
        protected override int Ready(int minor)
        {
            if (!Exists(minor))
                return DriverStatus.NoSuchDevice;
            bool readable = _lines[minor].HasInput || (minor == ConsoleMinor ? _keyboard : _serial).Down;
            return (readable ? SelectEvents.Readable : 0) | SelectEvents.Writable;
        }

        protected override int Read(int minor, long position, GrantedBuffer buffer) => Read(minor, position, buffer, mayWait: false);

        protected override int Read(int minor, long position, GrantedBuffer buffer, bool mayWait)
        {
            int problem = Check(minor, buffer, forRead: true);
            if (problem != Status.Ok || buffer.Length == 0)
                return problem;
            LineDiscipline line = _lines[minor];
            if (!line.HasInput && (minor == ConsoleMinor ? _keyboard : _serial).Down)
                return DriverStatus.NoSuchDevice;
            if (!line.HasInput)
                return mayWait ? Suspend : 0;
            // Peek, copy, then consume: a copy that fails loses no input.
            int count = line.Peek(_lineBytes, buffer.Length);
            if (count > 0)
            {
                fixed (byte* bytes = _lineBytes)
                {
                    int status = buffer.CopyToClient(0, bytes, count);
                    if (status < 0)
                        return status;
                }
            }
            line.Consume(count);
            return count;
        }

        protected override int Write(int minor, long position, GrantedBuffer buffer)
        {
            int problem = Check(minor, buffer, forRead: false);
            if (problem != Status.Ok || buffer.Length == 0)
                return problem;
            ITerminalOutput output = minor == ConsoleMinor ? _console.Screen : _serialOutput;
            byte* chunk = stackalloc byte[Chunk];
            int done = 0;
            _serialStatus = Status.Ok;
            while (done < buffer.Length && _serialStatus >= 0)
            {
                int count = buffer.Length - done < Chunk ? buffer.Length - done : Chunk;
                int status = buffer.CopyFromClient(done, chunk, count);
                if (status < 0)
                    break;
                for (int i = 0; i < count; i++)
                    output.Put(chunk[i]);
                done += count;
            }
            FlushOutput(minor);
            TakeSerialStash();
            if (_serialStatus < 0 && minor == SerialMinor)
                return DriverStatus.IoError;
            return done;
        }

        // Input from the drivers below: the replies to TTY's waiting reads.
        protected override void ReplyReceived(Endpoint source, Message* reply)
        {
            if (DriverReplyMessage.Of(reply)->Request == DriverRequest.Cancel)
            {
                DriverLink? link = source == _keyboard.Driver ? _keyboard : source == _serial.Driver ? _serial : null;
                link?.CancelAnswered(DriverReplyMessage.Of(reply)->Result);
                return;
            }
            if (DriverReplyMessage.Of(reply)->Request != DriverRequest.Read)
                return; // e.g. a write's reply that came after its wait failed
            if (source == _keyboard.Driver)
            {
                Typed(ConsoleMinor, _keyboard, _keyboard.ReadAnswered(DriverReplyMessage.Of(reply)->Result));
                _keyboard.PostRead();
            }
            else if (source == _serial.Driver)
            {
                Typed(SerialMinor, _serial, _serial.ReadAnswered(DriverReplyMessage.Of(reply)->Result));
                _serial.PostRead();
            }
        }

        // Runs typed bytes through the minor's line discipline, shows the
        // echo, and offers any line that ended to the waiting reader.
        private void Typed(int minor, DriverLink link, int count)
        {
            bool lineEnded = false;
            byte[] input = link.Input;
            for (int i = 0; i < count; i++)
                lineEnded |= _lines[minor].Input(input[i]);
            FlushOutput(minor);
            if (lineEnded)
            {
                // Waiting reads first: a line a reader takes is not ready for a poll.
                CompletePendingReads();
                SelectChanged();
            }
        }

        // A serial read reply that came while a write waited for its own.
        // Also re-posts the read a restarted serial driver took with it
        // (the write found its successor: DriverLink.Reconnect).
        private void TakeSerialStash()
        {
            if (_serial.TakeStashedInput(out long result))
                Typed(SerialMinor, _serial, _serial.ReadAnswered(result));
            _serial.PostRead();
        }

        private void FlushOutput(int minor)
        {
            if (minor == ConsoleMinor)
                _console.Show();
            else
                _serialOutput.Flush();
        }

        // A short write, or none (IoError: the UART's transmitter stayed
        // busy past the driver's poll limit, as when the host reads the
        // line slowly), is not the end: the rest is written again, so
        // output is not silently lost; a driver that takes nothing
        // SerialStalls times running has failed.
        private const int SerialStalls = 8;

        private void SendToSerial(byte[] data, int count)
        {
            int offset = 0, stalls = 0;
            while (offset < count)
            {
                int written = _serial.Write(data, offset, count - offset);
                bool stalled = written == 0 || written == DriverStatus.IoError;
                if ((written < 0 && !stalled) || (stalled && ++stalls >= SerialStalls))
                {
                    if (_serialStatus >= 0)
                        _serialStatus = written < 0 ? written : DriverStatus.IoError;
                    return;
                }
                if (stalled)
                    continue;
                stalls = 0;
                offset += written > count - offset ? count - offset : written;
            }
        }

        // tcgetpgrp/tcsetpgrp: the foreground group in a TerminalGroup block.
        private int GroupIoctl(int minor, long request, GrantedBuffer buffer)
        {
            if (buffer.Length < TerminalGroup.Size)
                return Status.BadArgument;
            TerminalGroup group = default;
            if (request == TerminalIoctl.GetGroup)
            {
                group.Group = _foreground[minor];
                int copied = buffer.CopyToClient(0, (byte*)&group, TerminalGroup.Size);
                return copied < 0 ? copied : TerminalGroup.Size;
            }
            int status = buffer.CopyFromClient(0, (byte*)&group, TerminalGroup.Size);
            if (status < 0)
                return status;
            if (group.Group < 0)
                return Status.BadArgument;
            _foreground[minor] = group.Group;
            return 0;
        }

        // Ctrl-C in line mode (the line discipline has discarded the line):
        // Interrupt to the terminal's foreground group, through PM. Sent
        // without waiting: PM may itself be waiting on VFS, which may be
        // waiting on TTY.
        private void Interrupt(int minor)
        {
            int group = _foreground[minor];
            Diagnostics.Print(string.Concat("tty: ^C on ", minor == ConsoleMinor ? "the console" : "the serial terminal",
                ", foreground group ", group.ToString()));
            if (group <= 0)
                return;
            Endpoint pm = Endpoints.Lookup(PmLabel);
            if (pm.IsNone)
                return;
            Message message = default;
            message.Type = PmSignalRequest.TerminalSignal;
            PmProcessGroup.Of(&message)->Group = group;
            PmProcessGroup.Of(&message)->Signal = InterruptSignal;
            Ipc.SendAsync(pm, &message);
        }

        private const string PmLabel = "pm";
        private const int InterruptSignal = 2;

        // Minor 1 is there when the serial driver was found at start (its
        // input may have been given up; output still goes out).
        private bool Exists(int minor) => minor == ConsoleMinor || (minor == SerialMinor && !_serial.Driver.IsNone);

        // Refuses unknown minors and grants that do not cover the whole
        // request with the needed right (a zero-byte copy at the end of the
        // range checks all of it before any byte moves).
        private int Check(int minor, GrantedBuffer buffer, bool forRead)
        {
            if (!Exists(minor))
                return DriverStatus.NoSuchDevice;
            byte probe;
            return forRead ? buffer.CopyToClient(buffer.Length, &probe, 0) : buffer.CopyFromClient(buffer.Length, &probe, 0);
        }
    }
}
