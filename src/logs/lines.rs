//! Frames into lines: a WebSocket frame can hold several lines, or part of one (its end comes
//! in the next frame, even between `\r` and `\n`, recording 424). Lines end at `\n`; the `\r`s
//! before it (`\r\n` from a pty, `\r\r\n` from Docker's progress output) are not part of the
//! line. Memory stays bounded: one frame at a time, and a line longer than the limit is cut
//! there (the rest of it, up to its `\n`, is dropped and the line marked truncated).

/// A complete line, as the server wrote it (nothing redacted yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawLine {
    /// The line without its ending.
    pub(crate) text: String,
    /// It was longer than the limit and was cut there.
    pub(crate) truncated: bool,
}

/// Splits a stream of text frames into lines.
#[derive(Debug)]
pub(crate) struct Lines {
    /// The frame being read, and how far.
    frame: String,
    at: usize,
    /// The start of a line whose end has not come yet.
    partial: String,
    /// `partial` was cut at the limit: the rest of its line is being dropped.
    truncated: bool,
    /// The longest line kept, in bytes.
    max_line: usize,
}

impl Lines {
    /// A splitter that keeps at most `max_line` bytes of a line (at least 1).
    pub(crate) fn new(max_line: usize) -> Self {
        Self {
            frame: String::new(),
            at: 0,
            partial: String::new(),
            truncated: false,
            max_line: max_line.max(1),
        }
    }

    /// Whether the current frame has been read to its end (push the next one).
    pub(crate) fn needs_frame(&self) -> bool {
        self.at >= self.frame.len()
    }

    /// Adds the next frame. Call only when [`needs_frame`](Self::needs_frame).
    pub(crate) fn push(&mut self, frame: String) {
        debug_assert!(self.needs_frame());
        self.frame = frame;
        self.at = 0;
    }

    /// The next complete line of the frames pushed so far.
    pub(crate) fn next_line(&mut self) -> Option<RawLine> {
        // The frame is taken out while a piece of it is kept, and put back (no copy of it).
        let frame = std::mem::take(&mut self.frame);
        let start = self.at;
        let Some(newline) = frame[start..].find('\n') else {
            self.keep(&frame[start..]);
            self.at = 0;
            return None;
        };
        let piece = &frame[start..start + newline];
        let line = if self.partial.is_empty() && !self.truncated {
            let end = floor_char_boundary(piece, self.max_line);
            RawLine {
                text: piece[..end].to_string(),
                truncated: end < piece.len(),
            }
        } else {
            self.keep(piece);
            RawLine {
                text: std::mem::take(&mut self.partial),
                truncated: std::mem::take(&mut self.truncated),
            }
        };
        self.at = start + newline + 1;
        self.frame = frame;
        Some(without_carriage_returns(line))
    }

    /// What is left of an unfinished last line, once no more frames will come.
    pub(crate) fn finish(&mut self) -> Option<RawLine> {
        while self.next_line().is_some() {}
        if self.partial.is_empty() && !self.truncated {
            return None;
        }
        Some(without_carriage_returns(RawLine {
            text: std::mem::take(&mut self.partial),
            truncated: std::mem::take(&mut self.truncated),
        }))
    }

    /// The unfinished line so far (empty if none).
    pub(crate) fn partial(&self) -> &str {
        &self.partial
    }

    /// Forgets the frame and the unfinished line (the connection was lost: the server sends
    /// them again).
    pub(crate) fn reset(&mut self) {
        self.frame = String::new();
        self.at = 0;
        self.partial = String::new();
        self.truncated = false;
    }

    /// Appends `text` to the unfinished line, within the limit.
    fn keep(&mut self, text: &str) {
        if self.truncated {
            return;
        }
        let room = self.max_line.saturating_sub(self.partial.len());
        let end = floor_char_boundary(text, room);
        self.partial.push_str(&text[..end]);
        if end < text.len() {
            self.truncated = true;
        }
    }
}

/// The line without the `\r`s that end it.
fn without_carriage_returns(mut line: RawLine) -> RawLine {
    let kept = line.text.trim_end_matches('\r').len();
    line.text.truncate(kept);
    line
}

/// The largest char boundary of `text` at or below `index`.
fn floor_char_boundary(text: &str, index: usize) -> usize {
    if index >= text.len() {
        return text.len();
    }
    (0..=index)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(frames: &[&str], max_line: usize) -> Vec<(String, bool)> {
        let mut lines = Lines::new(max_line);
        let mut out = Vec::new();
        for frame in frames {
            assert!(lines.needs_frame());
            lines.push(frame.to_string());
            while let Some(line) = lines.next_line() {
                out.push((line.text, line.truncated));
            }
        }
        if let Some(line) = lines.finish() {
            out.push((line.text, line.truncated));
        }
        out
    }

    fn texts(frames: &[&str]) -> Vec<String> {
        split(frames, 1 << 20).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn a_frame_of_several_lines_gives_each_line() {
        assert_eq!(texts(&["a\nb\nc\n"]), ["a", "b", "c"]);
    }

    #[test]
    fn a_line_split_over_two_frames_arrives_whole() {
        // 430: a frame ends in the middle of a line; its end comes 1.2 s later.
        assert_eq!(
            texts(&["step B: start", " ... continued\n", "next\n"]),
            ["step B: start ... continued", "next"]
        );
    }

    #[test]
    fn pty_and_docker_line_endings_are_not_part_of_the_line() {
        assert_eq!(
            texts(&["tick 1\r\n", "Sending build context 2.56kB\r\r\n", "\r\n"]),
            ["tick 1", "Sending build context 2.56kB", ""]
        );
    }

    #[test]
    fn a_frame_that_ends_between_cr_and_lf_still_gives_one_line() {
        // 424: the first frame ends with "tick 14", the next starts with "\r\n".
        assert_eq!(
            texts(&["x tick 14", "\r\nx tick 15\r", "\n"]),
            ["x tick 14", "x tick 15"]
        );
    }

    #[test]
    fn an_unfinished_last_line_is_given_at_the_end() {
        assert_eq!(
            texts(&["a\nlast without newline"]),
            ["a", "last without newline"]
        );
        assert!(texts(&["a\n"]).len() == 1);
    }

    #[test]
    fn a_line_past_the_limit_is_cut_and_marked() {
        assert_eq!(
            split(&["abcdefgh\nok\n"], 4),
            [("abcd".to_string(), true), ("ok".to_string(), false)]
        );
        // Over several frames: the rest of the long line is dropped until its end.
        assert_eq!(
            split(&["abc", "defgh", "ijk\nok\n"], 4),
            [("abcd".to_string(), true), ("ok".to_string(), false)]
        );
    }

    #[test]
    fn cutting_never_splits_a_character() {
        assert_eq!(split(&["✅✅\n"], 4), [("✅".to_string(), true)]);
        assert_eq!(split(&["a", "✅✅\n"], 5), [("a✅".to_string(), true)]);
    }

    #[test]
    fn reset_forgets_the_unfinished_line() {
        let mut lines = Lines::new(100);
        lines.push("half a li".into());
        assert!(lines.next_line().is_none());
        assert_eq!(lines.partial(), "half a li");
        lines.reset();
        lines.push("whole\n".into());
        assert_eq!(lines.next_line().unwrap().text, "whole");
    }
}
