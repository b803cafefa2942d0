import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { isBinarySize } from "@web/core/utils/binary";
import { getDataURLFromFile, url } from "@web/core/utils/urls";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

import { Component, onWillUnmount, useRef, useState } from "@odoo/owl";

// The first bytes of a base64 file tell its kind.
const SIGNATURES = [
    ["JVBER", "application/pdf"],
    ["/9j/", "image/jpeg"],
    ["iVBOR", "image/png"],
];

function mimetypeOf(base64) {
    const found = SIGNATURES.find(([prefix]) => base64.startsWith(prefix));
    return found ? found[1] : "application/octet-stream";
}

function blobUrl(base64, mimetype) {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    return URL.createObjectURL(new Blob([bytes], { type: mimetype }));
}

/**
 * The printer's drop zone: drop the invoice (PDF or photo) on it, or choose
 * the file. An empty file is handed over as such, for the server to say so.
 */
export class DocumentDropField extends Component {
    static template = "pay_by_link.DocumentDropField";
    static props = {
        ...standardFieldProps,
        fileNameField: { type: String, optional: true },
        accept: { type: String, optional: true },
    };

    setup() {
        this.input = useRef("input");
        this.state = useState({ dragging: false });
    }

    onDragOver(ev) {
        ev.preventDefault();
        this.state.dragging = true;
    }

    onDragLeave() {
        this.state.dragging = false;
    }

    async onDrop(ev) {
        ev.preventDefault();
        this.state.dragging = false;
        const [file] = ev.dataTransfer.files;
        if (file) {
            await this.upload(file);
        }
    }

    async onChange(ev) {
        const [file] = ev.target.files;
        ev.target.value = "";
        if (file) {
            await this.upload(file);
        }
    }

    async upload(file) {
        const data = file.size ? (await getDataURLFromFile(file)).split(",")[1] : false;
        const changes = { [this.props.name]: data };
        if (this.props.fileNameField) {
            changes[this.props.fileNameField] = file.name;
        }
        await this.props.record.update(changes);
    }
}

export const documentDropField = {
    component: DocumentDropField,
    displayName: _t("Document drop zone"),
    supportedTypes: ["binary"],
    extractProps: ({ attrs, options }) => ({
        fileNameField: attrs.filename,
        accept: options.accept,
    }),
};

/**
 * The uploaded invoice, shown before the record is saved: a PDF in the PDF
 * viewer, a photo as an image, both from the field's own data (a saved
 * record's file comes from /web/content).
 */
export class DocumentPreviewField extends Component {
    static template = "pay_by_link.DocumentPreviewField";
    static props = { ...standardFieldProps };

    setup() {
        this.objectUrl = null;
        this.shown = null;
        onWillUnmount(() => this.revoke());
    }

    get value() {
        return this.props.record.data[this.props.name] || "";
    }

    get savedUrl() {
        const { resModel, resId } = this.props.record;
        return url("/web/content", { model: resModel, id: resId, field: this.props.name });
    }

    get mimetype() {
        return isBinarySize(this.value) ? "application/pdf" : mimetypeOf(this.value);
    }

    get isImage() {
        return this.mimetype.startsWith("image/");
    }

    /** The URL of the file itself (made once per value). */
    get fileUrl() {
        if (isBinarySize(this.value)) {
            return this.props.record.resId ? this.savedUrl : null;
        }
        if (this.shown !== this.value) {
            this.revoke();
            this.objectUrl = this.value ? blobUrl(this.value, this.mimetype) : null;
            this.shown = this.value;
        }
        return this.objectUrl;
    }

    get viewerUrl() {
        const file = this.fileUrl;
        return file && `/web/static/lib/pdfjs/web/viewer.html?file=${encodeURIComponent(file)}`;
    }

    revoke() {
        if (this.objectUrl) {
            URL.revokeObjectURL(this.objectUrl);
            this.objectUrl = null;
        }
    }
}

export const documentPreviewField = {
    component: DocumentPreviewField,
    displayName: _t("Document preview"),
    supportedTypes: ["binary"],
};

registry.category("fields").add("pay_link_document_drop", documentDropField);
registry.category("fields").add("pay_link_document_preview", documentPreviewField);
