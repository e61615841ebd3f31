using System;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Editor;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Edit
{
    // edit [file]: a small full-screen editor (Common/Editor has the editor
    // itself and its keys) on the terminal that is standard input and
    // output: the VGA console or the serial terminal, through the same
    // ANSI sequences. The terminal is put in raw mode (keys as typed, no
    // echo) and back as it was at the end; its size comes from TTY, or
    // from LINES and COLUMNS when they are set. A file that does not exist
    // yet is created by the first save; saving writes a new file beside the
    // old one and renames it over it, so a failed save leaves the file as
    // it was.
    public static class Program
    {
        private const string Synopsis = "[file]";

        public static int Main()
        {
            CommandLine? line = Tool.Start("edit", "", Synopsis);
            if (line == null)
                return Tool.UsageStatus;
            if (line.Operands.Count > 1)
                return Tool.Usage("one file at a time", Synopsis);
            string? path = line.Operands.Count == 1 ? line.Operands[0] : null;
            if (Terminal.GetSettings(Files.StandardInput, out TerminalSettings saved) < 0)
                return Tool.Finish(Tool.Report("standard input", "not a terminal"));
            bool created = path == null;
            TextBuffer? text = path == null ? new TextBuffer() : Load(path, out created);
            if (text == null)
                return Tool.Finish(1);
            var session = new EditorSession(text, path, Size("LINES", saved.Rows, 24), Size("COLUMNS", saved.Columns, 80), new VfsFiles());
            if (created)
                session.Message = "new file";
            TerminalSettings raw = saved;
            raw.Mode = 0;
            int status = Terminal.SetSettings(Files.StandardInput, raw);
            if (status < 0)
                return Tool.Finish(Tool.Report("terminal", status));
            int result = Run(session);
            Write(ScreenPainter.Leave());
            Terminal.SetSettings(Files.StandardInput, saved);
            if (result < 0)
                return Tool.Finish(Tool.Report("terminal", result));
            return Tool.Finish(0);
        }

        // Keys until the session is finished; < 0 a read or write failed.
        private static int Run(EditorSession session)
        {
            var keys = new KeyDecoder();
            byte[] input = new byte[256];
            if (!Write(session.Paint()))
                return -5;
            while (!session.Finished)
            {
                int read = Files.Read(Files.StandardInput, input);
                if (read <= 0)
                    return read < 0 ? read : 0;
                for (int i = 0; i < read && !session.Finished; i++)
                {
                    KeyPress key = keys.Feed(input[i], out KeyPress escaped);
                    session.Handle(key);
                    if (escaped.Key != Key.None)
                        session.Handle(escaped);
                }
                if (!session.Finished && !Write(session.Paint()))
                    return -5;
            }
            return 0;
        }

        // The file's bytes; a missing file is a new, empty one (created
        // false); null after reporting any other failure.
        private static TextBuffer? Load(string path, out bool created)
        {
            created = false;
            int fd = Files.Open(path, OpenFlags.Read);
            if (fd == FileSystemStatus.NotFound)
            {
                created = true;
                return new TextBuffer();
            }
            if (fd < 0)
            {
                Tool.Report(path, fd);
                return null;
            }
            var bytes = new System.Collections.Generic.List<byte>();
            byte[] chunk = new byte[16 * 1024];
            int read;
            while ((read = Files.Read(fd, chunk)) > 0)
            {
                for (int i = 0; i < read; i++)
                    bytes.Add(chunk[i]);
            }
            Files.Close(fd);
            if (read < 0)
            {
                Tool.Report(path, read);
                return null;
            }
            return TextBuffer.Load(bytes.ToArray());
        }

        private static int Size(string variable, int fromTerminal, int fallback)
        {
            foreach (string entry in Processes.Environment())
            {
                if (entry.StartsWith(variable + "=") && Numbers.TryParse(entry.Substring(variable.Length + 1), 1000, out long value) && value > 1)
                    return (int)value;
            }
            return fromTerminal > 1 ? fromTerminal : fallback;
        }

        private static bool Write(string text)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
                bytes[i] = (byte)text[i];
            ReadOnlySpan<byte> rest = bytes;
            while (rest.Length > 0)
            {
                int written = Files.Write(Files.StandardOutput, rest);
                if (written <= 0)
                    return false;
                rest = rest.Slice(written);
            }
            return true;
        }

        // Saves beside the file, then renames over it.
        private sealed class VfsFiles : IEditorFiles
        {
            public bool Save(string path, byte[] bytes, out string error)
            {
                string temporary = path + ".edit-save";
                int fd = Files.Open(temporary, OpenFlags.Write | OpenFlags.Create | OpenFlags.Truncate);
                if (fd < 0)
                {
                    error = Files.ErrorText(fd);
                    return false;
                }
                int status = 0;
                ReadOnlySpan<byte> rest = bytes;
                while (rest.Length > 0 && status >= 0)
                {
                    int written = Files.Write(fd, rest);
                    status = written <= 0 ? (written < 0 ? written : FileSystemStatus.NoSpace) : 0;
                    if (written > 0)
                        rest = rest.Slice(written);
                }
                Files.Close(fd);
                if (status >= 0)
                    status = Files.Rename(temporary, path);
                if (status < 0)
                {
                    Files.Unlink(temporary);
                    error = Files.ErrorText(status);
                    return false;
                }
                error = "";
                return true;
            }
        }
    }
}
