// The fenced code blocks of a Markdown file, with the heading each one sits under.

export interface CodeBlock {
  readonly lang: string;
  readonly heading: string;
  readonly code: string;
  /** 1-based line of the opening fence, for messages. */
  readonly line: number;
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split("\n");
  let heading = "";
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith("#")) heading = line.replace(/^#+\s*/, "");
    const open = /^```(\w*)\s*$/.exec(line);
    if (open === null) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]!);
    if (i >= lines.length) throw new Error(`the code block opened on line ${start + 1} is never closed`);
    blocks.push({ lang: open[1]!, heading, code: body.join("\n") + "\n", line: start + 1 });
  }
  return blocks;
}
