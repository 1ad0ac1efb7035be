import postcss from 'postcss';
import tw from '@tailwindcss/postcss';
import fs from 'node:fs';
const from = process.argv[2];
const out = await postcss([tw()]).process(fs.readFileSync(from, 'utf8'), { from });
const css = out.css;
fs.writeFileSync(process.argv[3], css);
