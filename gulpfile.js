// tsc emits only JavaScript; n8n also needs the icons and the codex files next to the compiled nodes.
const { src, dest } = require('gulp');

function copyAssets() {
	return src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

exports.build = copyAssets;
exports.default = copyAssets;
